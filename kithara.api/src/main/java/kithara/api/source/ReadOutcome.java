package kithara.api.source;

import java.util.Objects;

/**
 * The result of {@link Source#readAt}: bytes were copied, nothing is available yet (and why), or the
 * offset is at or past the end. A failure is never an outcome: it is thrown as an {@link java.io.IOException}.
 */
public sealed interface ReadOutcome {

    /** Returns the outcome for {@code count} bytes read; throws IllegalArgumentException unless {@code count > 0}. */
    static ReadOutcome bytes(int count) {
        return new Bytes(count);
    }

    /** Returns the outcome for a read that must be repeated later. */
    static ReadOutcome pending(PendingReason reason) {
        return new Pending(reason);
    }

    /** Returns the end-of-stream outcome. */
    static ReadOutcome eof() {
        return Eof.INSTANCE;
    }

    /**
     * Bytes were copied into the caller's buffer.
     *
     * @param count how many, always {@code > 0}
     */
    record Bytes(int count) implements ReadOutcome {
        /** Rejects a count that is not positive: "no bytes" is {@link Pending} or {@link Eof}, never zero. */
        public Bytes {
            if (count <= 0) {
                throw new IllegalArgumentException("a Bytes outcome carries at least one byte, not " + count);
            }
        }
    }

    /**
     * No byte is available at the offset yet.
     *
     * @param reason why, never null
     */
    record Pending(PendingReason reason) implements ReadOutcome {
        /** Rejects a null reason. */
        public Pending {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The offset is at or past the end of the source. */
    final class Eof implements ReadOutcome {
        private static final Eof INSTANCE = new Eof();

        private Eof() {
        }

        @Override
        public String toString() {
            return "Eof";
        }
    }
}
