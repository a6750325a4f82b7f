package kithara.api.dsp;

import java.io.IOException;

import kithara.api.media.PcmSpec;

/** Sample-rate and channel-layout conversion, registered as an OSGi service. */
public interface Resampler {

    /**
     * Opens a conversion session.
     *
     * @return a session the caller owns and closes
     * @throws IOException when the conversion is not possible (e.g. an unsupported layout)
     */
    ResamplerSession open(PcmSpec input, PcmSpec output, ResampleQuality quality) throws IOException;
}
