package kithara.api.source;

/** How a {@link Source#waitRange} call ended when it did not throw. */
public enum WaitOutcome {
    /** Every byte of the range is present: a read will return bytes. */
    READY,
    /** The range starts at or after the end of the source: there is nothing more to wait for. */
    EOF,
    /** The timeout passed before the bytes arrived; calling again is allowed. */
    TIMED_OUT,
    /** The source or the wait was cancelled: no more bytes will come. */
    CANCELLED
}
