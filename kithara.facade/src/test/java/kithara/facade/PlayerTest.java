package kithara.facade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import kithara.api.audio.AudioSink;
import kithara.api.audio.PlayQueue;
import kithara.api.audio.Player;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.media.PcmSpec;

/** A {@link Player} of the real engine into a sink that records what it is told, in order. */
class PlayerTest {

    private static final Path TESTDATA = Paths.get(System.getProperty("kithara.testdata"));
    private static final PcmSpec SPEC = PcmSpec.of(44_100, 2);
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ResourceRequest ONE_SECOND = ResourceRequest.of(TESTDATA.resolve("sine1k-1s.mp3"));
    private static final ResourceRequest FOUR_SECONDS = ResourceRequest.of(TESTDATA.resolve("sine523-4s.flac"));

    private static Kithara kithara;

    @BeforeAll
    static void start() throws Exception {
        kithara = Kithara.builder().set("kithara.stream.cache", "backend", "memory").start();
    }

    @AfterAll
    static void stop() {
        kithara.close();
    }

    /**
     * Records every call and the samples written; a write waits for a permit when {@code paced} (a device's buffer
     * being full), so the test decides how far playback gets.
     */
    private static class RecordingSink implements AudioSink {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Semaphore permits = new Semaphore(0);
        private final boolean paced;
        private float[] written = new float[0];
        private int size;

        RecordingSink(boolean paced) {
            this.paced = paced;
        }

        @Override
        public PcmSpec spec() {
            return SPEC;
        }

        @Override
        public void write(float[] samples, int offset, int length) throws IOException {
            if (paced) {
                try {
                    if (!permits.tryAcquire(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IOException("the test gave no permit for a write");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("write interrupted");
                }
            }
            synchronized (this) {
                if (size + length > written.length) {
                    written = Arrays.copyOf(written, Math.max(2 * written.length, size + length));
                }
                System.arraycopy(samples, offset, written, size, length);
                size += length;
            }
            record("write");
        }

        synchronized float[] written() {
            return Arrays.copyOf(written, size);
        }

        @Override
        public void pause() {
            record("pause");
        }

        @Override
        public void resume() {
            record("resume");
        }

        @Override
        public void flush() {
            record("flush");
        }

        @Override
        public void drain() {
            record("drain");
        }

        @Override
        public void close() {
            record("close");
        }

        private synchronized void record(String call) {
            calls.add(call);
            notifyAll();
        }

        /** Waits until {@code call} was made {@code times} times. */
        synchronized void await(String call, int times) throws InterruptedException {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (calls.stream().filter(call::equals).count() < times) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, "no " + call + " within " + DEADLINE + ": " + calls);
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    private Player player(RecordingSink sink, ResourceRequest... items) {
        PlayQueue queue = kithara.audio().openQueue(SPEC);
        List.of(items).forEach(queue::add);
        return kithara.audio().newPlayer(queue, sink);
    }

    @Test
    void playsTheQueueIntoTheSinkSampleForSampleAndEnds() throws Exception {
        List<float[]> singles = new ArrayList<>();
        for (ResourceRequest item : List.of(ONE_SECOND, FOUR_SECONDS)) {
            try (Resource single = kithara.audio().open(item.withSampleRate(44_100).withChannels(2))) {
                singles.add(PlayQueueTest.readAll(single));
            }
        }
        RecordingSink sink = new RecordingSink(false);
        List<String> states = new CopyOnWriteArrayList<>();
        try (Player player = player(sink, ONE_SECOND, FOUR_SECONDS)) {
            player.addListener((state, failure) -> states.add(state + failure.map(f -> " " + f).orElse("")));
            assertEquals(Player.State.STOPPED, player.state());
            player.play();
            assertTrue(player.awaitEnd(DEADLINE));
            assertEquals(Player.State.ENDED, player.state());
            assertEquals(Optional.empty(), player.failure());
        }
        assertArrayEquals(PlayQueueTest.concat(singles), sink.written(), "every sample of both items, in order");
        assertEquals(List.of("drain", "close"), sink.calls.subList(sink.calls.size() - 2, sink.calls.size()));
        assertEquals(List.of("PLAYING", "ENDED"), states);
    }

    @Test
    void whilePausedNothingIsWrittenAndSeeksStillApply() throws Exception {
        RecordingSink sink = new RecordingSink(true);
        try (Player player = player(sink, FOUR_SECONDS)) {
            player.play();
            sink.permits.release(3);
            sink.await("write", 3);
            player.pause();
            sink.permits.release(1_000); // the device would take more: the player must not give it any
            sink.await("pause", 1);
            player.seek(Duration.ofMillis(3_000));
            sink.await("flush", 1);
            assertEquals(Player.State.PAUSED, player.state());
            player.play();
            assertTrue(player.awaitEnd(DEADLINE));
            List<String> calls = sink.calls;
            int paused = calls.indexOf("pause");
            int resumed = calls.indexOf("resume");
            assertTrue(paused > 0 && resumed > paused, calls.toString());
            assertEquals(List.of("flush"), calls.subList(paused + 1, resumed), "no write while paused");
        }
        long frames = sink.written().length / 2;
        assertTrue(frames <= 3 * 2048 + 44_100 + 2048, "three buffers, then the last second after the seek: " + frames);
        assertTrue(frames >= 44_100, "the last second after the seek: " + frames);
    }

    @Test
    void nextEndsTheCurrentItemAndFlushesTheSink() throws Exception {
        RecordingSink sink = new RecordingSink(true);
        try (Player player = player(sink, FOUR_SECONDS, ONE_SECOND)) {
            player.play();
            sink.permits.release(2);
            sink.await("write", 2);
            player.next();
            sink.permits.release(1_000);
            assertTrue(player.awaitEnd(DEADLINE));
        }
        assertTrue(sink.calls.contains("flush"), sink.calls.toString());
        long frames = sink.written().length / 2;
        assertTrue(frames < 44_100 + 4 * 2048, "a few buffers of the first item, then the second whole: " + frames);
        assertTrue(frames >= 44_100, frames + " frames");
    }

    @Test
    void closeWhilePlayingEndsItsThreadAndClosesSinkAndQueue() throws Exception {
        RecordingSink sink = new RecordingSink(false);
        Player player = player(sink, FOUR_SECONDS);
        player.queue().setRepeat(PlayQueue.Repeat.ALL); // it never ends by itself
        player.play();
        sink.await("write", 3);
        player.close();
        assertEquals(Player.State.ENDED, player.state());
        assertEquals(Optional.empty(), player.failure());
        assertEquals("close", sink.calls.get(sink.calls.size() - 1));
        assertFalse(sink.calls.contains("drain"), "closing drops what is left: " + sink.calls);
        assertEquals(-1, player.queue().read(new float[64]), "the queue is closed");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("kithara-player-")
                && t.isAlive()), "no player thread left");
        player.close(); // idempotent
    }

    @Test
    void aSinkOfAnotherSpecIsRefused() {
        AudioSink mono = new RecordingSink(false) {
            @Override
            public PcmSpec spec() {
                return PcmSpec.of(44_100, 1);
            }
        };
        try (PlayQueue queue = kithara.audio().openQueue(SPEC)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kithara.audio().newPlayer(queue, mono));
            assertTrue(e.getMessage().contains("the sink takes"), e.getMessage());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
