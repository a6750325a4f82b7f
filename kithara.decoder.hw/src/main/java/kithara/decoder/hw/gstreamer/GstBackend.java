package kithara.decoder.hw.gstreamer;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderInput;
import kithara.api.media.AudioCodec;
import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;
import kithara.decoder.hw.Backend;

/**
 * The Linux platform backend: GStreamer 1.x through JNA. Available when the libraries load and the pipeline's
 * elements are installed (appsrc, decodebin, audioconvert, appsink: gstreamer1.0-plugins-base); its routes are the
 * codec-in-container pairs whose demuxer and decoder are installed and whose PCM this backend puts on FFmpeg's
 * timeline exactly: FLAC, MP3 (LAME gapless cut), Opus in Ogg, and AAC-LC in MP4 (edit list applied here, see
 * {@link Mp4Edit}) through FFmpeg's own decoder ({@code avdec_aac}, gstreamer1.0-libav). Vorbis is left to FFmpeg:
 * where GStreamer and FFmpeg end an Ogg Vorbis stream differs from file to file (by up to a short block); so are raw
 * ADTS AAC (GStreamer knows no duration for it) and MPEG-TS (its demuxer is in plugins-bad).
 */
public final class GstBackend implements Backend {

    /**
     * A codec in a container and the elements decoding it: the demuxer or parser, and one of some decoders. A route
     * {@code byContainer} is taken on the container alone (the decoder checks an MP4's codec when it opens).
     */
    private record Route(AudioCodec codec, ContainerFormat container, String demuxer, List<String> decoders,
                         boolean byContainer) {

        /** Whether {@code info}, as far as it is known, takes this route; AAC only in a known container. */
        boolean takes(MediaInfo info) {
            return info.codec().map(c -> c == codec).orElse(byContainer && info.container().isPresent())
                    && info.container().map(c -> c == container).orElse(codec != AudioCodec.AAC_LC);
        }
    }

    private static final List<Route> ROUTES = List.of(
            new Route(AudioCodec.FLAC, ContainerFormat.FLAC, "flacparse", List.of("flacdec"), true),
            new Route(AudioCodec.MP3, ContainerFormat.MP3, "mpegaudioparse", List.of("mpg123audiodec", "avdec_mp3"), true),
            new Route(AudioCodec.OPUS, ContainerFormat.OGG, "oggdemux", List.of("opusdec"), false), // Ogg may hold Vorbis
            new Route(AudioCodec.AAC_LC, ContainerFormat.MP4, "qtdemux", List.of("avdec_aac"), true));

    private final Gst gst;
    private final List<Route> routes;

    private GstBackend(Gst gst, List<Route> routes) {
        this.gst = gst;
        this.routes = routes;
    }

    /**
     * Loads GStreamer and checks its plugins.
     *
     * @return the backend, or empty with the reason in {@code why}
     */
    public static Optional<Backend> load(StringBuilder why) {
        Gst gst;
        try {
            gst = Gst.load();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            why.append("GStreamer cannot be loaded: ").append(e.getMessage());
            return Optional.empty();
        }
        for (String element : List.of("appsrc", "decodebin", "audioconvert", "appsink")) {
            if (!gst.hasElement(element)) {
                why.append("GStreamer ").append(gst.core.gst_version_string()).append(" lacks the element ").append(element)
                        .append(" (install gstreamer1.0-plugins-base)");
                return Optional.empty();
            }
        }
        List<Route> installed = ROUTES.stream()
                .filter(r -> gst.hasElement(r.demuxer()) && r.decoders().stream().anyMatch(gst::hasElement)).toList();
        if (installed.isEmpty()) {
            why.append("GStreamer has none of the decoders this backend uses (install gstreamer1.0-plugins-good and -libav)");
            return Optional.empty();
        }
        return Optional.of(new GstBackend(gst, installed));
    }

    @Override
    public String name() {
        return "gstreamer";
    }

    @Override
    public String library() {
        return gst.core.gst_version_string();
    }

    @Override
    public Set<AudioCodec> codecs() {
        return routes.stream().map(Route::codec).collect(Collectors.toUnmodifiableSet());
    }

    /** The first installed decoder of each route: the one decodebin picks. */
    @Override
    public List<String> decoders() {
        return routes.stream().map(r -> r.decoders().stream().filter(gst::hasElement).findFirst().orElseThrow()).toList();
    }

    /** Whether every decoder is a hardware one, as its element's klass says ({@code .../Hardware}). */
    @Override
    public boolean hardware() {
        return decoders().stream().allMatch(d -> gst.klassOf(d).contains("Hardware"));
    }

    /**
     * Takes a known codec in a container of one of its routes, or, where the codec is not known yet, a FLAC, MP3 or MP4
     * file (an Ogg file may hold Vorbis, which this backend leaves to FFmpeg).
     */
    @Override
    public boolean supports(MediaInfo info) {
        return routes.stream().anyMatch(r -> r.takes(info));
    }

    /** The codec a container holds when this backend decodes it (an MP4's is checked at open). */
    static Optional<AudioCodec> codecOf(ContainerFormat container) {
        return switch (container) {
            case FLAC -> Optional.of(AudioCodec.FLAC);
            case MP3 -> Optional.of(AudioCodec.MP3);
            case MP4 -> Optional.of(AudioCodec.AAC_LC);
            default -> Optional.empty();
        };
    }

    @Override
    public Decoder open(DecoderInput input, MediaInfo hint) throws IOException {
        return GstDecoder.open(gst, input, hint);
    }
}
