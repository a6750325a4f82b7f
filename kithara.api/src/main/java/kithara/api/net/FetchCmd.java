package kithara.api.net;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One HTTP GET a {@link Peer} wants done. Immutable.
 *
 * @param uri      http or https URI
 * @param offset   first byte wanted; 0 and no length means the whole resource without a Range header
 * @param length   how many bytes from {@code offset}; empty means to the end
 * @param priority DEMAND overtakes PREFETCH
 * @param headers  extra request headers, never null
 * @param sink     receives the response; owned by the peer
 */
public record FetchCmd(URI uri, long offset, OptionalLong length, FetchPriority priority,
                       Map<String, String> headers, FetchSink sink) {

    /** Validates the fields and copies the headers. */
    public FetchCmd {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("not an http(s) URI: " + uri);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset < 0: " + offset);
        }
        Objects.requireNonNull(length, "length");
        if (length.isPresent() && length.getAsLong() <= 0) {
            throw new IllegalArgumentException("length must be > 0: " + length.getAsLong());
        }
        Objects.requireNonNull(priority, "priority");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(sink, "sink");
    }

    /** Returns whether the command asks for part of the resource (a Range header is sent). */
    public boolean isRanged() {
        return offset > 0 || length.isPresent();
    }
}
