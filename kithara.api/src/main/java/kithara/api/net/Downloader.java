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
}
