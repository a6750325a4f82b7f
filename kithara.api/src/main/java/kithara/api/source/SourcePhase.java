package kithara.api.source;

/** Where a source, or a range of it, stands. */
public enum SourcePhase {
    /** The bytes are present and can be read without waiting. */
    READY,
    /** The bytes are being fetched or waited for. */
    WAITING,
    /** A seek moved the reader and the new position is being fetched. */
    SEEKING,
    /** The range lies at or past the end of the source. */
    EOF,
    /** The source was cancelled or closed. */
    CANCELLED,
    /** The source failed; reads throw the failure's cause. */
    FAILED
}
