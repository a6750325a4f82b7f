package kithara.audio;

import kithara.api.dsp.AudioEffect;
import kithara.api.media.PcmSpec;

/** Linear gain, the first effect of every resource's chain. */
final class GainEffect implements AudioEffect {

    private final float gain;
    private int channels = 1;

    GainEffect(float gain) {
        this.gain = gain;
    }

    @Override
    public String name() {
        return "gain";
    }

    @Override
    public void prepare(PcmSpec spec) {
        channels = spec.channels();
    }

    @Override
    public void process(float[] samples, int frames) {
        if (gain != 1f) {
            int count = frames * channels;
            for (int i = 0; i < count; i++) {
                samples[i] *= gain;
            }
        }
    }

    @Override
    public void reset() {
    }
}
