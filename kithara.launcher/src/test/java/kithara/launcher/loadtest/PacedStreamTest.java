package kithara.launcher.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

class PacedStreamTest {

    /** A feed of silence whose reads take {@code readNanos} each, ending after {@code frames} frames. */
    private static final class TimedSilence implements PcmFeed {
        private final long frames;
        private volatile long readNanos;
        private long position;
        int seeks;

        TimedSilence(long frames, long readNanos) {
            this.frames = frames;
            this.readNanos = readNanos;
        }

        @Override
        public int read(float[] dst, int offset, int length) {
            long until = System.nanoTime() + readNanos;
            while (System.nanoTime() < until) {
                LockSupport.parkNanos(until - System.nanoTime());
            }
            if (position >= frames) {
                return -1;
            }
            int n = (int) Math.min(Math.min(length / 2, 441), frames - position);
            position += n;
            return n * 2;
        }

        @Override
        public int channels() {
            return 2;
        }

        @Override
        public int sampleRate() {
            return 44100;
        }

        @Override
        public boolean rewind() {
            seeks++;
            position = 0;
            return true;
        }

        @Override
        public void close() {
        }
    }

    private final float[] buffer = new float[4096];

    @Test
    void aPromptSourceKeepsTheLeadAndNeverUnderruns() throws IOException {
        Lateness lateness = new Lateness();
        TimedSilence source = new TimedSilence(Long.MAX_VALUE, 0);
        PacedStream stream = new PacedStream(URI.create("test:prompt"), source, Duration.ofMillis(200), lateness);
        stream.prime(buffer);
        long start = System.nanoTime();
        for (int tick = 1; tick <= 10; tick++) {
            stream.keepUp(start + tick * 20_000_000L, buffer);
        }
        assertEquals(0, stream.underruns());
        assertEquals(0, lateness.percentileMs(0.99));
        assertTrue(source.position >= 44100 * 400 / 1000, "200 ms of lead and 200 ms played: " + source.position);
    }

    @Test
    void aReadSlowerThanTheLeadIsAnUnderrunAndItsLatenessIsRecorded() throws IOException {
        Lateness lateness = new Lateness();
        TimedSilence source = new TimedSilence(Long.MAX_VALUE, 0);
        PacedStream stream = new PacedStream(URI.create("test:slow"), source, Duration.ofMillis(50), lateness);
        stream.prime(buffer);
        source.readNanos = 150_000_000L; // three times the lead: the device runs dry
        stream.keepUp(System.nanoTime() + 60_000_000L, buffer);
        assertTrue(stream.underruns() >= 1, "underruns " + stream.underruns());
        assertTrue(lateness.worstMs() >= 50, "worst " + lateness.worstMs() + " ms");
    }

    @Test
    void theEndOfTheMediaStartsItAgain() throws IOException {
        TimedSilence source = new TimedSilence(441 * 3, 0);
        PacedStream stream = new PacedStream(URI.create("test:short"), source, Duration.ofMillis(100), new Lateness());
        stream.prime(buffer); // 100 ms is 4410 frames: the 1323-frame media plays three times and a bit
        assertEquals(3, stream.loops());
        assertEquals(3, source.seeks);
    }

    @Test
    void percentilesCountEarlyReadsAsZero() {
        Lateness lateness = new Lateness();
        for (int i = 0; i < 98; i++) {
            lateness.record(-5_000_000L);
        }
        lateness.record(3_000_000L);
        lateness.record(40_000_000L);
        assertEquals(100, lateness.reads());
        assertEquals(0, lateness.percentileMs(0.98));
        assertEquals(3, lateness.percentileMs(0.99));
        assertEquals(40, lateness.worstMs());
    }
}
