package kithara.api.net;

/** A peer's registration with the {@link Downloader}. */
public interface PeerHandle extends AutoCloseable {

    /** Tells the downloader the peer may have new commands (a reader moved, a wait began). Never blocks. */
    void wake();

    /** Unregisters the peer and cancels its running fetches (their sinks get {@code onFailure}). Idempotent. */
    @Override
    void close();
}
