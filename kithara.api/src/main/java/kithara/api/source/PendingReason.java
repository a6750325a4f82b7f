package kithara.api.source;

/** Why a {@link ReadOutcome.Pending} read returned no bytes yet. */
public enum PendingReason {
    /** The bytes have not arrived yet: wait with {@link Source#waitRange} and read again. */
    NOT_READY,
    /** The stream is switching to another variant whose layout is not known yet. */
    VARIANT_CHANGE
}
