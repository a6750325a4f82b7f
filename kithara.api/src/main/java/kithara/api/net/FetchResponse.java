package kithara.api.net;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The head of an HTTP response, as validated by the transport before any body byte is delivered.
 * Immutable.
 *
 * @param status         the HTTP status (200, 206, ...)
 * @param bodyOffset     the offset in the resource of the first byte that {@code onData} will deliver
 * @param contentLength  the body's length, empty when unknown (chunked)
 * @param totalLength    the whole resource's length, from Content-Range or Content-Length when known
 * @param acceptsRanges  whether the server honoured (or announced) byte ranges; false when it answered a
 *                       range request with the whole body
 * @param contentType    the Content-Type header
 * @param etag           the ETag header, for revalidation
 * @param lastModified   the Last-Modified header, for revalidation
 * @param uri            where the body came from: the URI asked for, or where its redirects led (relative URIs in
 *                       the body resolve against it)
 */
public record FetchResponse(int status, long bodyOffset, OptionalLong contentLength, OptionalLong totalLength,
                            boolean acceptsRanges, Optional<String> contentType, Optional<String> etag,
                            Optional<String> lastModified, URI uri) {

    /** Validates the fields. */
    public FetchResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        if (bodyOffset < 0) {
            throw new IllegalArgumentException("bodyOffset < 0: " + bodyOffset);
        }
        Objects.requireNonNull(contentLength, "contentLength");
        Objects.requireNonNull(totalLength, "totalLength");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(uri, "uri");
    }
}
