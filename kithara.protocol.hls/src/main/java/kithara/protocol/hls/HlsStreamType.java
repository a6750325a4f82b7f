package kithara.protocol.hls;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import kithara.api.media.AudioCodec;
import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;
import kithara.api.net.Downloader;
import kithara.api.source.Source;
import kithara.api.source.StreamRequest;
import kithara.api.source.StreamType;

/**
 * The {@code hls} protocol (VOD subset): master and media playlists, one variant played as a stitched byte
 * stream of fMP4 or MPEG-TS segments, AES-128 with explicit or sequence-number IVs. The variant is the first of
 * the master playlist (its default) unless the request names one with the
 * {@link StreamRequest#VARIANT_HEADER} pseudo-header.
 */
@Component(service = StreamType.class, property = StreamType.PROTOCOL + "=hls")
public final class HlsStreamType implements StreamType {

    private static final long PLAYLIST_CAP = PlaylistParser.MAX_CHARS;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long LOOK_AHEAD = 4L << 20;

    private final Downloader downloader;

    /** Creates the protocol on the shared downloader. */
    @Activate
    public HlsStreamType(@Reference(name = "downloader") Downloader downloader) {
        this.downloader = downloader;
    }

    @Override
    public String name() {
        return "hls";
    }

    @Override
    public boolean accepts(StreamRequest request) {
        String scheme = request.scheme();
        if (!(scheme.equals("http") || scheme.equals("https"))) {
            return false;
        }
        return request.isHlsPlaylist();
    }

    @Override
    public Source open(StreamRequest request) throws IOException {
        Map<String, String> headers = new HashMap<>(request.headers());
        String variantChoice = headers.remove(StreamRequest.VARIANT_HEADER);
        URI uri = request.uri();
        Playlist playlist = fetchPlaylist(uri, headers);
        List<String> codecs = List.of();
        int chosen = -1;
        long bandwidth = 0;
        if (playlist instanceof Playlist.Master master) {
            int index = variantChoice == null ? 0 : Integer.parseInt(variantChoice.trim());
            if (index < 0 || index >= master.variants().size()) {
                throw new PlaylistException(uri.toString(), "no variant " + index + " (there are " + master.variants().size() + ")");
            }
            Playlist.Variant variant = master.variants().get(index);
            chosen = index;
            bandwidth = variant.bandwidth();
            codecs = variant.codecs();
            uri = variant.uri();
            playlist = fetchPlaylist(uri, headers);
            if (!(playlist instanceof Playlist.Media)) {
                throw new PlaylistException(uri.toString(), "a variant must be a media playlist");
            }
        }
        Playlist.Media media = (Playlist.Media) playlist;
        Map<URI, byte[]> keys = new HashMap<>();
        for (Playlist.Part part : HlsDownload.partsOf(media)) {
            if (part.key().isPresent() && !keys.containsKey(part.key().get().uri())) {
                URI keyUri = part.key().get().uri();
                keys.put(keyUri, SmallFetch.get(downloader, keyUri, headers, 1024, TIMEOUT));
            }
        }
        HlsDownload download = new HlsDownload(uri, headers, media, keys, LOOK_AHEAD);
        if (chosen >= 0) {
            download.announceVariant(chosen, bandwidth, variantChoice == null ? "the master playlist's default" : "requested");
        }
        return download.start(downloader, mediaInfo(media, codecs));
    }

    private Playlist fetchPlaylist(URI uri, Map<String, String> headers) throws IOException {
        byte[] text = SmallFetch.get(downloader, uri, headers, PLAYLIST_CAP, TIMEOUT);
        return PlaylistParser.parse(new String(text, StandardCharsets.UTF_8), uri);
    }

    /** Container from the init section or the segment extension; codec from the variant's CODECS. */
    private static MediaInfo mediaInfo(Playlist.Media media, List<String> codecs) {
        MediaInfo info = MediaInfo.UNKNOWN;
        if (!media.segments().isEmpty()) {
            Playlist.Segment first = media.segments().get(0);
            String path = Optional.ofNullable(first.part().uri().getPath()).orElse("").toLowerCase(Locale.ROOT);
            if (first.init().isPresent() || path.endsWith(".m4s") || path.endsWith(".mp4")) {
                info = info.withContainer(ContainerFormat.FRAGMENTED_MP4);
            } else if (path.endsWith(".ts")) {
                info = info.withContainer(ContainerFormat.MPEG_TS);
            } else if (path.endsWith(".aac")) {
                info = info.withContainer(ContainerFormat.ADTS);
            }
            info = info.withDuration(media.segments().stream().map(Playlist.Segment::duration).reduce(Duration.ZERO, Duration::plus));
        }
        for (String c : codecs) {
            Optional<AudioCodec> codec = AudioCodec.fromRfc6381(c);
            if (codec.isPresent()) {
                return info.withCodec(codec.get());
            }
        }
        return info;
    }
}
