package kithara.decoder.ffmpeg;

import java.io.IOException;

import kithara.api.dsp.ResampleQuality;
import kithara.api.dsp.Resampler;
import kithara.api.dsp.ResamplerSession;
import kithara.api.media.PcmSpec;

/** The {@code swresample} {@link Resampler}: rate conversion and channel mixing by libswresample. */
final class SwrResampler implements Resampler {

    /** The service's name. */
    static final String NAME = "swresample";

    private final FfmpegLoad load;

    /** Creates the resampler over FFmpeg's load, which {@link #open} waits for. */
    SwrResampler(FfmpegLoad load) {
        this.load = load;
    }

    @Override
    public ResamplerSession open(PcmSpec input, PcmSpec output, ResampleQuality quality) throws IOException {
        load.await("resampling " + input + " to " + output);
        return new SwrSession(input, output, quality);
    }

    @Override
    public String toString() {
        return "SwrResampler";
    }
}
