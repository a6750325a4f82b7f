package kithara.protocol.file;

import java.net.URI;
import java.util.Optional;

import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;

/** What a URI's extension or a Content-Type says about the media. */
final class MediaTypes {

    private MediaTypes() {
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
