package kithara.api.dsp;

import kithara.api.media.PcmSpec;

/**
 * An in-place PCM processor in a resource's effects chain (gain, EQ...). Called on the resource's
 * decode thread only.
 */
public interface AudioEffect {

    /** Returns a short name for logs. */
    String name();

    /** Prepares for PCM of {@code spec}; called before the first chunk and whenever the spec changes. */
    void prepare(PcmSpec spec);

    /**
     * Processes {@code frames} interleaved frames of {@code samples} in place.
     *
     * @param samples interleaved float32, in the spec given to {@link #prepare}
     * @param frames  number of frames to process; samples past {@code frames * channels} are not touched
     */
    void process(float[] samples, int frames);

    /** Drops any state carried between chunks (after a seek). */
    void reset();
}
