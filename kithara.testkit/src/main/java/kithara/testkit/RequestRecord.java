package kithara.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One request the {@link FaultServer} received, logged on arrival; status and body bytes fill in as the
 * answer is written.
 */
public final class RequestRecord {

    private final String method;
    private final String path;
    private final Optional<String> range;
    private final Map<String, String> headers;
    private volatile int status;
    private final AtomicLong bodyBytes = new AtomicLong();

    RequestRecord(String method, String path, Optional<String> range, Map<String, String> headers) {
        this.method = method;
        this.path = path;
        this.range = range;
        this.headers = Map.copyOf(headers);
    }

    /** Returns GET or HEAD. */
    public String method() {
        return method;
    }

    /** Returns the request path. */
    public String path() {
        return path;
    }

    /** Returns the Range header, if any. */
    public Optional<String> range() {
        return range;
    }

    /** Returns the request's headers, names in lower case. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Returns the status sent, 0 while none is. */
    public int status() {
        return status;
    }

    /** Returns the body bytes written so far, counting a chunk as soon as its write begins. */
    public long bodyBytes() {
        return bodyBytes.get();
    }

    void status(int code) {
        status = code;
    }

    void sent(long n) {
        bodyBytes.addAndGet(n);
    }

    @Override
    public String toString() {
        return method + " " + path + range.map(r -> " " + r).orElse("") + " -> " + status + ", " + bodyBytes + " B";
    }
}
