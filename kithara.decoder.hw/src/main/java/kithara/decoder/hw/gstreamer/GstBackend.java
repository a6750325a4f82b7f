package kithara.decoder.hw.gstreamer;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderInput;
import kithara.api.media.AudioCodec;
import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;
import kithara.decoder.hw.Backend;

/**
 * The Linux platform backend: GStreamer 1.x through JNA. Available when the libraries load and the pipeline's
 * elements are installed (appsrc, decodebin, audioconvert, appsink: gstreamer1.0-plugins-base); its codecs are those
 * whose decoders are installed and whose PCM this backend puts on FFmpeg's timeline exactly. AAC is left to FFmpeg:
 * GStreamer 1.22 applies an MP4 edit list a sample late and drops the last frame (correctable: fed an edit from media
 * time 0, its PCM cut here is FFmpeg's bit for bit), but a flushing seek in AAC ends its stream at random, a few seeks
 * in a hundred; MP4 and MPEG-TS too (they carry AAC). So is
 * Vorbis: where GStreamer and FFmpeg end an Ogg Vorbis stream differs from file to file (by up to a short block).
 */
public final class GstBackend implements Backend {

    /** What decoding a codec takes: a parser or demuxer element and one of some decoder elements. */
    private record Elements(AudioCodec codec, String parser, List<String> decoders) {
    }

    private static final List<Elements> DECODERS = List.of(
            new Elements(AudioCodec.FLAC, "flacparse", List.of("flacdec")),
            new Elements(AudioCodec.MP3, "mpegaudioparse", List.of("mpg123audiodec", "avdec_mp3")),
            new Elements(AudioCodec.OPUS, "oggdemux", List.of("opusdec")));
    private static final Set<ContainerFormat> CONTAINERS = Set.of(ContainerFormat.FLAC, ContainerFormat.MP3,
            ContainerFormat.OGG);

    private final Gst gst;
    private final Set<AudioCodec> codecs;

    private GstBackend(Gst gst, Set<AudioCodec> codecs) {
        this.gst = gst;
        this.codecs = codecs;
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
        EnumSet<AudioCodec> found = EnumSet.noneOf(AudioCodec.class);
        for (Elements e : DECODERS) {
            if (gst.hasElement(e.parser()) && e.decoders().stream().anyMatch(gst::hasElement)) {
                found.add(e.codec());
            }
        }
        if (found.isEmpty()) {
            why.append("GStreamer has none of the decoders this backend uses (install gstreamer1.0-plugins-good and -libav)");
            return Optional.empty();
        }
        return Optional.of(new GstBackend(gst, Set.copyOf(found)));
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
        return codecs;
    }

    /**
     * Takes a known codec of its own in a container of its own, or, where the codec is not known yet, a FLAC or MP3
     * file (an Ogg file may hold Vorbis, which this backend leaves to FFmpeg).
     */
    @Override
    public boolean supports(MediaInfo info) {
        if (info.codec().isPresent()) {
            return codecs.contains(info.codec().get()) && info.container().map(CONTAINERS::contains).orElse(true);
        }
        return info.container().flatMap(GstBackend::codecOf).map(codecs::contains).orElse(false);
    }

    /** The codec a container implies, for the containers that hold only one. */
    static Optional<AudioCodec> codecOf(ContainerFormat container) {
        return container == ContainerFormat.FLAC ? Optional.of(AudioCodec.FLAC)
                : container == ContainerFormat.MP3 ? Optional.of(AudioCodec.MP3) : Optional.empty();
    }

    @Override
    public Decoder open(DecoderInput input, MediaInfo hint) throws IOException {
        return GstDecoder.open(gst, input, hint);
    }
}
