package kithara.api.decode;

import java.time.Duration;
import java.util.Objects;

import kithara.api.media.PcmSpec;

/**
 * A run of interleaved float32 PCM frames with an exact position. The array may belong to the producer
 * and be reused: a chunk is valid until the producer's next call (e.g. {@link Decoder#next()}), so a
 * consumer copies what it keeps.
 *
 * @param spec       the format of the samples
 * @param startFrame index, in {@code spec}'s rate, of the chunk's first frame since the start of the stream
 * @param samples    the samples, interleaved; only the first {@code frames * channels} are valid
 * @param frames     number of frames, {@code > 0}
 */
public record PcmChunk(PcmSpec spec, long startFrame, float[] samples, int frames) {

    /** Validates the fields: the array must hold {@code frames * channels} samples. */
    public PcmChunk {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(samples, "samples");
        if (startFrame < 0) {
            throw new IllegalArgumentException("startFrame < 0: " + startFrame);
        }
        if (frames <= 0) {
            throw new IllegalArgumentException("a chunk holds at least one frame, not " + frames);
        }
        if ((long) frames * spec.channels() > samples.length) {
            throw new IllegalArgumentException(frames + " frames of " + spec.channels() + " channels do not fit in "
                    + samples.length + " samples");
        }
    }

    /** Returns the number of valid samples, {@code frames * channels}. */
    public int sampleCount() {
        return frames * spec.channels();
    }

    /** Returns the playback time of the first frame. */
    public Duration timestamp() {
        return spec.durationOf(startFrame);
    }

    /** Returns the frame index after the last frame of this chunk. */
    public long endFrame() {
        return startFrame + frames;
    }
}
