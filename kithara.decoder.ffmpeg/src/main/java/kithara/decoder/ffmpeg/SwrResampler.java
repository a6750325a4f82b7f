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

    @Override
    public ResamplerSession open(PcmSpec input, PcmSpec output, ResampleQuality quality) throws IOException {
        return new SwrSession(input, output, quality);
    }

    @Override
    public String toString() {
        return "SwrResampler";
    }
}
