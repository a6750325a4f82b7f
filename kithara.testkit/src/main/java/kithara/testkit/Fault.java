package kithara.testkit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One scripted misbehaviour of the {@link FaultServer} for one path. A fault applies to the next
 * {@link #times(int)} requests of its path (by default every request), then the path behaves again.
 */
public final class Fault {

    /** What goes wrong. */
    public enum Kind {
        /** The connection is dropped after {@code bytes} body bytes. */
        RESET_AFTER,
        /** The response is status {@code status} with a short text body. */
        STATUS,
        /** 429 with {@code Retry-After: delay} (whole seconds). */
        TOO_MANY_REQUESTS,
        /** After {@code bytes} body bytes, nothing is sent for {@code delay}, then the rest. */
        STALL,
        /** The body is sent at {@code bytes} bytes per second. */
        THROTTLE,
        /** The full Content-Length is declared but the body ends after {@code bytes} bytes. */
        TRUNCATE,
        /** A 206 whose Content-Range and body start {@code bytes} bytes after the requested offset. */
        WRONG_CONTENT_RANGE,
        /** The Range header is ignored: 200 with the full body, and no Accept-Ranges. */
        IGNORE_RANGE,
        /** 200 with an HTML error page instead of the content. */
        HTML_ERROR_PAGE,
        /** The response head is sent only after {@code delay}. */
        SLOW_HEADERS,
        /** 302 to {@code location}. */
        REDIRECT,
        /** No Content-Length: the body is sent chunked, its length unknown until it ends. */
        CHUNKED
    }

    private final Kind kind;
    private final long bytes;
    private final int status;
    private final Duration delay;
    private final String location;
    private final AtomicInteger remaining = new AtomicInteger(Integer.MAX_VALUE);

    private Fault(Kind kind, long bytes, int status, Duration delay) {
        this(kind, bytes, status, delay, "");
    }

    private Fault(Kind kind, long bytes, int status, Duration delay, String location) {
        this.kind = kind;
        this.bytes = bytes;
        this.status = status;
        this.delay = delay;
        this.location = location;
    }

    /** Sends bodies without a Content-Length (chunked transfer encoding). */
    public static Fault chunked() {
        return new Fault(Kind.CHUNKED, 0, 0, Duration.ZERO);
    }

    /** Answers 302 with {@code Location: location} (a path on this server or an absolute URI). */
    public static Fault redirect(String location) {
        return new Fault(Kind.REDIRECT, 0, 302, Duration.ZERO, location);
    }

    /** Drops the connection after {@code bytes} body bytes. */
    public static Fault resetAfter(long bytes) {
        return new Fault(Kind.RESET_AFTER, bytes, 0, Duration.ZERO);
    }

    /** Answers with {@code status} (e.g. 503 or 404). */
    public static Fault status(int status) {
        return new Fault(Kind.STATUS, 0, status, Duration.ZERO);
    }

    /** Answers 429 with a Retry-After of {@code retryAfter} (whole seconds). */
    public static Fault tooManyRequests(Duration retryAfter) {
        return new Fault(Kind.TOO_MANY_REQUESTS, 0, 429, retryAfter);
    }

    /** Sends nothing for {@code pause} after {@code afterBytes} body bytes. */
    public static Fault stall(long afterBytes, Duration pause) {
        return new Fault(Kind.STALL, afterBytes, 0, pause);
    }

    /** Sends the body at {@code bytesPerSecond}. */
    public static Fault throttle(long bytesPerSecond) {
        return new Fault(Kind.THROTTLE, bytesPerSecond, 0, Duration.ZERO);
    }

    /** Declares the full length but ends the body after {@code afterBytes}. */
    public static Fault truncate(long afterBytes) {
        return new Fault(Kind.TRUNCATE, afterBytes, 0, Duration.ZERO);
    }

    /** Answers a range request with a Content-Range shifted by {@code shift} bytes. */
    public static Fault wrongContentRange(long shift) {
        return new Fault(Kind.WRONG_CONTENT_RANGE, shift, 0, Duration.ZERO);
    }

    /** Ignores Range headers: 200 with the whole body. */
    public static Fault ignoreRange() {
        return new Fault(Kind.IGNORE_RANGE, 0, 0, Duration.ZERO);
    }

    /** Answers 200 with an HTML error page. */
    public static Fault htmlErrorPage() {
        return new Fault(Kind.HTML_ERROR_PAGE, 0, 200, Duration.ZERO);
    }

    /** Delays the response head by {@code delay}. */
    public static Fault slowHeaders(Duration delay) {
        return new Fault(Kind.SLOW_HEADERS, 0, 0, delay);
    }

    /** Limits the fault to the next {@code count} requests of its path; returns this fault. */
    public Fault times(int count) {
        remaining.set(count);
        return this;
    }

    /** Returns whether the fault applies to one more request, counting it. */
    boolean take() {
        return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    Kind kind() {
        return kind;
    }

    long bytes() {
        return bytes;
    }

    int status() {
        return status;
    }

    Duration delay() {
        return delay;
    }

    String location() {
        return location;
    }

    @Override
    public String toString() {
        return kind + "(bytes=" + bytes + ", status=" + status + ", delay=" + delay + ")";
    }
}
