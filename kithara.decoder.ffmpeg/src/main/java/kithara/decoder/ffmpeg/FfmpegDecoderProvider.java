package kithara.decoder.ffmpeg;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderInput;
import kithara.api.decode.DecoderProvider;
import kithara.api.media.AudioCodec;
import kithara.api.media.MediaInfo;

/** The {@code ffmpeg} decoder provider: every codec of {@link AudioCodec}, decoded by {@link FfmpegDecoder}. */
final class FfmpegDecoderProvider implements DecoderProvider {

    /** The provider's name. */
    static final String NAME = "ffmpeg";

    /** Every codec this provider decodes. */
    static final Set<AudioCodec> CODECS = EnumSet.allOf(AudioCodec.class);

    private final FfmpegLoad load;

    /** Creates the provider over FFmpeg's load, which {@link #open} waits for. */
    FfmpegDecoderProvider(FfmpegLoad load) {
        this.load = load;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(MediaInfo info) {
        return info.codec().map(CODECS::contains).orElse(true);
    }

    @Override
    public Decoder open(DecoderInput input, MediaInfo hint) throws IOException {
        load.await(input.describe());
        return FfmpegDecoder.open(input, hint);
    }

    @Override
    public String toString() {
        return "FfmpegDecoderProvider";
    }
}
