package kithara.audio;

import java.time.Duration;
import java.util.Optional;

import kithara.api.audio.Resource;

/**
 * Where a play queue's playing item stands against its crossfade into the next one.
 *
 * @param left frames the item has left to play
 * @param fade frames the fade takes: the crossfade length, at most half the item
 */
record FadeWindow(long left, long fade) {

    /**
     * The window of {@code playing} for a crossfade of {@code length} at {@code sampleRate}; empty without a playing
     * item, a crossfade or a known duration.
     */
    static Optional<FadeWindow> of(Resource playing, Duration length, int sampleRate) {
        if (playing == null || length.isZero() || playing.duration().isEmpty()) {
            return Optional.empty();
        }
        long total = frames(playing.duration().get(), sampleRate);
        return Optional.of(new FadeWindow(total - frames(playing.position(), sampleRate),
                Math.min(frames(length, sampleRate), total / 2)));
    }

    /** Whether the fade is due: the item plays its last {@link #fade} frames. */
    boolean isDue() {
        return left > 0 && left <= fade;
    }

    /** Frames the item plays before its fade is due, or {@link Long#MAX_VALUE} when it is due or past. */
    long framesBeforeFade() {
        return left <= fade ? Long.MAX_VALUE : left - fade;
    }

    private static long frames(Duration time, int sampleRate) {
        return time.toNanos() / 1_000 * sampleRate / 1_000_000;
    }
}
