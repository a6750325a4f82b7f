package kithara.api.source;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to open: a URI (http, https or file) plus what is already known about it. Immutable.
 *
 * @param uri          absolute URI of the media or playlist
 * @param headers      extra HTTP request headers (e.g. authorization), never null
 * @param contentType  the Content-Type when already known (from a response or the caller)
 * @param sniff        the first bytes of the resource when already fetched (e.g. {@code #EXTM3U})
 * @param body         the whole resource when already fetched: a playlist found by its first bytes is not fetched again
 */
public record StreamRequest(URI uri, Map<String, String> headers, Optional<String> contentType,
                            Optional<byte[]> sniff, Optional<Body> body) {

    /**
     * A resource fetched whole.
     *
     * @param bytes    its bytes
     * @param location where they came from after redirects: what relative URIs in them resolve against
     */
    public record Body(byte[] bytes, URI location) {

        /** Copies the bytes, so the body stays immutable. */
        public Body {
            bytes = bytes.clone();
            Objects.requireNonNull(location, "location");
        }

        /** Returns a copy of the bytes. */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * A pseudo-header (never sent) by which a request names the variant of an HLS master playlist to play, as its
     * index; protocols without variants ignore it.
     */
    public static final String VARIANT_HEADER = "X-Kithara-Variant";

    /** Copies the headers and rejects a relative URI. */
    public StreamRequest {
        Objects.requireNonNull(uri, "uri");
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("uri is not absolute: " + uri);
        }
        headers = Map.copyOf(headers);
        Objects.requireNonNull(contentType, "contentType");
        sniff = sniff.map(byte[]::clone);
        Objects.requireNonNull(body, "body");
    }

    /** A request with nothing fetched yet. */
    public StreamRequest(URI uri, Map<String, String> headers, Optional<String> contentType, Optional<byte[]> sniff) {
        this(uri, headers, contentType, sniff, Optional.empty());
    }

    /** Returns a copy of the sniffed bytes, so the request stays immutable. */
    @Override
    public Optional<byte[]> sniff() {
        return sniff.map(byte[]::clone);
    }

    /** Returns a request for {@code uri} with nothing else known. */
    public static StreamRequest of(URI uri) {
        return new StreamRequest(uri, Map.of(), Optional.empty(), Optional.empty());
    }

    /** Returns a request for a local file. */
    public static StreamRequest of(Path file) {
        return of(file.toAbsolutePath().normalize().toUri());
    }

    /** Returns the URI scheme in lower case, e.g. {@code https} or {@code file}. */
    public String scheme() {
        return uri.getScheme().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns whether the request names an HLS playlist: a {@code .m3u8}/{@code .m3u} path, an {@code mpegurl}
     * Content-Type, or first bytes that start with {@code #EXTM3U} (after a byte-order mark).
     */
    public boolean isHlsPlaylist() {
        String path = Optional.ofNullable(uri.getPath()).orElse("").toLowerCase(Locale.ROOT);
        return path.endsWith(".m3u8") || path.endsWith(".m3u")
                || contentType.map(t -> t.toLowerCase(Locale.ROOT).contains("mpegurl")).orElse(false)
                || sniff.map(b -> new String(b, 0, Math.min(b.length, 16), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .replace("\uFEFF", "").startsWith("#EXTM3U")).orElse(false);
    }

    /** Returns a copy carrying the Content-Type learned for the resource. */
    public StreamRequest withContentType(String type) {
        return new StreamRequest(uri, headers, Optional.of(type), sniff, body);
    }

    /** Returns a copy carrying the first bytes of the resource. */
    public StreamRequest withSniff(byte[] firstBytes) {
        return new StreamRequest(uri, headers, contentType, Optional.of(firstBytes), body);
    }

    /** Returns a copy carrying the whole resource, fetched already. */
    public StreamRequest withBody(Body whole) {
        return new StreamRequest(uri, headers, contentType, sniff, Optional.of(whole));
    }
}
