package kithara.api.net;

/**
 * The shared download service: one HTTP client, one global concurrency limit, retries with backoff,
 * DEMAND before PREFETCH among the commands it has pulled from its peers. Registered as an OSGi service; when it goes away, every registration ends
 * and running fetches fail with {@link FetchException.Reason#CANCELLED}.
 */
public interface Downloader {

    /**
     * Registers a peer; the downloader polls it at once and again whenever it is woken or a fetch of
     * its own ends.
     *
     * @return the registration, which the caller closes when done
     */
    PeerHandle register(Peer peer);

    /** Returns a snapshot of the downloader's work, for shells and monitoring. */
    default Stats stats() {
        return new Stats(0, 0, 0, 0);
    }

    /**
     * What the downloader is doing.
     *
     * @param peers    registered peers
     * @param running  fetches on the wire
     * @param queued   commands pulled from peers and waiting for a slot
     * @param received body bytes received since the downloader started
     */
    record Stats(int peers, int running, int queued, long received) {
    }
}
