package kithara.audio;

import java.time.Duration;
import java.util.Optional;

import kithara.api.decode.Decoder;
import kithara.api.decode.PcmChunk;
import kithara.api.media.PcmSpec;

/**
 * The media time of a resource's output: learned from the first chunk of the first decoder ({@link Decoder#origin()}
 * plus the chunk's timestamp) and kept across decoders, so that after a variant switch, a hot swap or a seek within
 * periods the new decoder's PCM is cut to start exactly where the output stands. A discontinuity starts a new clock.
 * Not thread-safe: the decode worker owns it.
 */
final class MediaClock {

    private final PcmSpec output;
    /** Media time of output frame 0; null until the first chunk. */
    private Duration origin;
    /** Media time the next output frame must have; null when aligned. */
    private Duration alignTo;
    private float[] scratch = new float[0];

    MediaClock(PcmSpec output) {
        this.output = output;
    }

    /** The media time of output frame {@code frame}; null while the origin is unknown. */
    Duration timeAt(long frame) {
        return origin == null ? null : origin.plus(output.durationOf(frame));
    }

    /** The next chunks are cut to start at media time {@code time} (null: taken as they come). */
    void alignTo(Duration time) {
        alignTo = time;
    }

    /** The next chunks are cut to start at output position {@code position} on this clock (a seek). */
    void alignToPosition(Duration position) {
        alignTo = (origin == null ? Duration.ZERO : origin).plus(position);
    }

    /** Forgets the origin: after a discontinuity the next decoder's first chunk sets it again. */
    void restart() {
        origin = null;
        alignTo = null;
    }

    /**
     * Learns the origin from the first chunk, and drops the frames before the alignment point; returns what is left
     * of the chunk (empty when all of it is before the point). The chunk returned may share a scratch buffer.
     *
     * @param decoderOrigin the media time of the decoder's timestamp 0
     * @param outputFrame   the output frame the chunk would become
     */
    Optional<PcmChunk> align(PcmChunk c, Duration decoderOrigin, long outputFrame) {
        if (origin != null && alignTo == null) {
            return Optional.of(c); // every chunk but the first and those after a switch or seek: no time to compute
        }
        Duration chunkTime = decoderOrigin.plus(c.timestamp());
        if (alignTo == null) {
            origin = chunkTime.minus(output.durationOf(outputFrame));
            return Optional.of(c);
        }
        long skip = Math.round(alignTo.minus(chunkTime).toNanos() * (double) c.spec().sampleRate() / 1e9);
        if (skip >= c.frames()) {
            return Optional.empty();
        }
        alignTo = null;
        if (skip <= 0) {
            return Optional.of(c);
        }
        int channels = c.spec().channels();
        int frames = c.frames() - (int) skip;
        if (scratch.length < frames * channels) {
            scratch = new float[frames * channels];
        }
        System.arraycopy(c.samples(), (int) skip * channels, scratch, 0, frames * channels);
        return Optional.of(new PcmChunk(c.spec(), c.startFrame() + skip, scratch, frames));
    }
}
