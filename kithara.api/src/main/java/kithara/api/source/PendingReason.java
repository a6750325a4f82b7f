package kithara.api.source;

/** Why a {@link ReadOutcome.Pending} read returned no bytes yet. */
public enum PendingReason {
    /** A seek is in progress; the read must be repeated at the new position. */
    SEEK_PENDING,
    /** The bytes have not arrived yet: wait with {@link Source#waitRange} and read again. */
    NOT_READY,
    /** The stream is switching to another variant whose layout is not known yet. */
    VARIANT_CHANGE,
    /** A download failed and is being retried. */
    RETRY
}
