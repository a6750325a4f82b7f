package kithara.decoder.hw;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderInput;
import kithara.api.media.AudioCodec;
import kithara.api.media.MediaInfo;

/**
 * A platform's decoding library (GStreamer on Linux). A backend exists only where its library loaded on this
 * machine; its decoders present FFmpeg's timeline, so that either can take over from the other mid-stream.
 */
public interface Backend {

    /** Returns the provider name, e.g. {@code gstreamer}. */
    String name();

    /** Returns the library and its version, for diagnostics. */
    String library();

    /** Returns the codecs this machine's installation decodes through this backend. */
    Set<AudioCodec> codecs();

    /** Returns the decoders it uses, for diagnostics (e.g. {@code avdec_aac}). */
    List<String> decoders();

    /** Returns whether those decoders run on dedicated hardware (not software on the CPU, as FFmpeg's do). */
    boolean hardware();

    /** Returns whether the backend takes media described so (unknown fields: by the container alone). */
    boolean supports(MediaInfo info);

    /** Opens a decoder that owns {@code input}. */
    Decoder open(DecoderInput input, MediaInfo hint) throws IOException;
}
