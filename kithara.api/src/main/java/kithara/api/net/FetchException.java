package kithara.api.net;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.OptionalInt;

/** A fetch failed. Names the URI, the reason, the HTTP status when there was one, and whether retrying may help. */
public class FetchException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a fetch failed. */
    public enum Reason {
        /** The connection could not be made. */
        CONNECT,
        /** A connect, idle or total timeout passed. */
        TIMEOUT,
        /** The server answered with an error status. */
        HTTP_STATUS,
        /** The Content-Range does not match the range asked for. */
        RANGE_MISMATCH,
        /** The body was shorter or longer than its declared length. */
        LENGTH_MISMATCH,
        /** The response is not the content asked for: an HTML error page, or an origin that changed mid-download. */
        UNEXPECTED_CONTENT,
        /** The fetch was cancelled (peer closed, downloader stopped). */
        CANCELLED,
        /** The sink refused the data (e.g. storage failed). */
        SINK,
        /** Any other I/O failure. */
        IO,
        /**
         * TLS failed: the server's certificate is not trusted (by the JDK's certificates, or the configured trust
         * store), names another host, or the trust store itself cannot be read. Retrying does not help.
         */
        TLS,
        /**
         * Refused by the trust policy, not by the server: a downgrade from https to http, or an address a playlist
         * from elsewhere may not name.
         */
        REFUSED
    }

    private final URI uri;
    private final Reason reason;
    private final OptionalInt status;
    private final boolean retryable;

    /**
     * @param uri       what was fetched
     * @param reason    why it failed
     * @param status    the HTTP status, when there was a response
     * @param retryable whether a retry may succeed
     * @param detail    a human-readable detail
     * @param cause     the underlying failure, or null
     */
    public FetchException(URI uri, Reason reason, OptionalInt status, boolean retryable, String detail,
                          Throwable cause) {
        super(reason + (status.isPresent() ? " " + status.getAsInt() : "") + " fetching " + uri
                + (detail.isEmpty() ? "" : ": " + detail), cause);
        this.uri = Objects.requireNonNull(uri, "uri");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.status = Objects.requireNonNull(status, "status");
        this.retryable = retryable;
    }

    /** Returns what was fetched. */
    public URI uri() {
        return uri;
    }

    /** Returns why it failed. */
    public Reason reason() {
        return reason;
    }

    /** Returns the HTTP status, when there was a response. */
    public OptionalInt status() {
        return status;
    }

    /** Returns whether a retry may succeed. */
    public boolean isRetryable() {
        return retryable;
    }
}
