package kithara.protocol.file;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;
import kithara.api.source.StreamRequest;

/** What a URI's extension or a Content-Type says about the media, and whether a request is HLS. */
final class MediaTypes {

    private MediaTypes() {
    }

    /** Returns whether the request names an HLS playlist (extension, Content-Type, or {@code #EXTM3U}). */
    static boolean isHls(StreamRequest request) {
        String path = Optional.ofNullable(request.uri().getPath()).orElse("").toLowerCase(Locale.ROOT);
        if (path.endsWith(".m3u8") || path.endsWith(".m3u")) {
            return true;
        }
        if (request.contentType().map(t -> t.toLowerCase(Locale.ROOT).contains("mpegurl")).orElse(false)) {
            return true;
        }
        return request.sniff().map(b -> new String(b, 0, Math.min(b.length, 16), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("\uFEFF", "").startsWith("#EXTM3U")).orElse(false);
    }

    /** Returns what the URI's extension and the Content-Type (which wins) say. */
    static MediaInfo guess(URI uri, Optional<String> contentType) {
        Optional<ContainerFormat> byType = contentType.flatMap(ContainerFormat::fromMimeType);
        Optional<ContainerFormat> container = byType.isPresent() ? byType : extension(uri).flatMap(ContainerFormat::fromExtension);
        return container.map(MediaInfo.UNKNOWN::withContainer).orElse(MediaInfo.UNKNOWN);
    }

    private static Optional<String> extension(URI uri) {
        String path = uri.getPath();
        if (path == null) {
            return Optional.empty();
        }
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash && dot < path.length() - 1 ? Optional.of(path.substring(dot + 1)) : Optional.empty();
    }
}
