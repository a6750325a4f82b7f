package kithara.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import kithara.api.decode.PcmChunk;
import kithara.api.media.PcmSpec;

/** The media clock learns its origin from the first chunk and cuts later decoders' PCM to the frame. */
class MediaClockTest {

    private static final PcmSpec SPEC = PcmSpec.of(1000, 2);

    /** A chunk of {@code frames} frames starting at decoder frame {@code start}; sample i of frame f is f. */
    private static PcmChunk chunk(long start, int frames) {
        float[] samples = new float[frames * 2];
        for (int f = 0; f < frames; f++) {
            samples[2 * f] = start + f;
            samples[2 * f + 1] = start + f;
        }
        return new PcmChunk(SPEC, start, samples, frames);
    }

    @Test
    void theFirstChunkSetsTheOriginAndPassesWhole() {
        MediaClock clock = new MediaClock(SPEC);
        assertNull(clock.timeAt(0), "unknown before the first chunk");
        PcmChunk first = chunk(0, 100);
        assertEquals(first, clock.align(first, Duration.ofSeconds(10), 0).orElseThrow());
        assertEquals(Duration.ofSeconds(10), clock.timeAt(0));
        assertEquals(Duration.ofMillis(10_500), clock.timeAt(500));
    }

    @Test
    void aNewDecoderIsCutToTheFrameWhereTheOutputStands() {
        MediaClock clock = new MediaClock(SPEC);
        clock.align(chunk(0, 100), Duration.ofSeconds(10), 0);
        // 2,000 frames played; the next decoder (a switch) starts 1.5 s earlier, at media time 10.5 s
        clock.alignTo(clock.timeAt(2000));
        assertTrue(clock.align(chunk(0, 1000), Duration.ofMillis(10_500), 2000).isEmpty(), "all before the point");
        PcmChunk cut = clock.align(chunk(1000, 1000), Duration.ofMillis(10_500), 2000).orElseThrow();
        assertEquals(500, cut.frames(), "frames 1000-1499 of the new decoder are before 12 s");
        assertEquals(1500f, cut.samples()[0], "the first frame kept is the one at 12 s");
        PcmChunk next = chunk(2000, 100);
        assertEquals(next, clock.align(next, Duration.ofMillis(10_500), 2500).orElseThrow(), "aligned from then on");
    }

    @Test
    void aSeekAlignsOnThisClockAndADiscontinuityStartsANewOne() {
        MediaClock clock = new MediaClock(SPEC);
        clock.align(chunk(0, 100), Duration.ofSeconds(10), 0);
        clock.alignToPosition(Duration.ofSeconds(3)); // output position 3 s is media time 13 s
        PcmChunk cut = clock.align(chunk(2900, 200), Duration.ofSeconds(10), 3000).orElseThrow();
        assertEquals(100, cut.frames());
        assertEquals(3000f, cut.samples()[0]);

        clock.restart();
        PcmChunk fresh = chunk(0, 10);
        assertEquals(fresh, clock.align(fresh, Duration.ofSeconds(99), 4000).orElseThrow());
        assertEquals(Duration.ofSeconds(95), clock.timeAt(0), "the new origin puts output frame 4000 at 99 s");
    }
}
