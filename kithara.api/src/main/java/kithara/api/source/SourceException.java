package kithara.api.source;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A read or wait on a {@link Source} could not be satisfied. Names the source, the byte range and the
 * reason; the underlying failure, if any, is the cause.
 */
public class SourceException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the bytes could not be had. */
    public enum Reason {
        /** The bytes did not arrive before the read deadline. */
        TIMED_OUT,
        /** The source was cancelled or closed while the bytes were awaited. */
        CANCELLED,
        /** Fetching or storing the bytes failed; see the cause. */
        FAILED,
        /** The range asked for lies outside what the source can ever hold. */
        OUT_OF_RANGE
    }

    private final Reason reason;
    private final String source;
    private final transient Optional<ByteRange> range;

    /**
     * @param reason why
     * @param source what the source is, e.g. its URI
     * @param range  the bytes concerned, when one range is
     * @param cause  the underlying failure, or null
     */
    public SourceException(Reason reason, String source, Optional<ByteRange> range, Throwable cause) {
        super(message(reason, source, range, cause), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.source = Objects.requireNonNull(source, "source");
        this.range = Objects.requireNonNull(range, "range");
    }

    /** Names the source once: not again when the cause's message already names it. */
    private static String message(Reason reason, String source, Optional<ByteRange> range, Throwable cause) {
        String detail = cause == null ? null : cause.getMessage();
        boolean named = detail != null && source != null && detail.contains(source);
        return reason + " reading" + (named ? "" : " " + source) + range.map(r -> " bytes " + r).orElse("")
                + (cause == null ? "" : ": " + detail);
    }

    /** Returns why the bytes could not be had. */
    public Reason reason() {
        return reason;
    }

    /** Returns what the source is, e.g. its URI. */
    public String source() {
        return source;
    }

    /** Returns the byte range concerned, when one is. */
    public Optional<ByteRange> range() {
        return range;
    }
}
