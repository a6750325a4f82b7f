package kithara.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import kithara.api.audio.PlayQueue;
import kithara.api.audio.QueueListener;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.event.KitharaEvent;
import kithara.api.event.KitharaListener;
import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;

/**
 * The queue's order of play, edits, repeat modes, failures and preloading, over items whose every sample is their own
 * number (what the queue opens is the audio service's business, tested with the real engine in kithara.facade).
 */
class AudioQueueTest {

    private static final PcmSpec SPEC = PcmSpec.of(8_000, 1);

    /** Opens "item:N" as N's frames of value N; records the thread of each open; "item:0" fails. */
    private final List<String> opens = new CopyOnWriteArrayList<>();
    private final Map<Float, Integer> closed = new ConcurrentHashMap<>();
    /** The last resource opened for each item value. */
    private final Map<Float, Frames> opened = new ConcurrentHashMap<>();

    private AudioQueue queue() {
        return new AudioQueue(request -> {
            int n = Integer.parseInt(request.uri().getSchemeSpecificPart());
            opens.add(n + "@" + Thread.currentThread().getName());
            if (n == 0) {
                throw new NoSuchFileException("item:0");
            }
            assertEquals(SPEC.sampleRate(), request.sampleRate().getAsInt(), "opened in the queue's spec");
            return new Frames(n, n * 100);
        }, SPEC, "test", () -> { });
    }

    private static ResourceRequest item(int n) {
        return ResourceRequest.of(URI.create("item:" + n));
    }

    @Test
    void playsItemsInOrderAndOpensTheNextOneAheadOnItsOwnThread() throws Exception {
        try (AudioQueue queue = queue()) {
            List<Integer> started = startedOf(queue);
            queue.add(item(1));
            queue.add(item(2));
            queue.add(item(3));
            assertEquals(List.of(1f, 2f, 3f), valuesOf(queue));
            assertEquals(List.of(0, 1, 2), started);
            assertTrue(opens.get(0).startsWith("1@main"), opens.toString());
            assertTrue(opens.get(1).startsWith("2@kithara-queue-test"), "preloaded while 1 played: " + opens);
            assertTrue(opens.get(2).startsWith("3@kithara-queue-test"), "preloaded while 2 played: " + opens);
            assertEquals(-1, queue.currentIndex());
        }
    }

    @Test
    void aSeekBeforeTheFirstReadStartsTheFirstItemThereAndTheQueueTellsItsDurationAndEvents() throws Exception {
        try (AudioQueue queue = queue()) {
            List<String> events = new CopyOnWriteArrayList<>();
            queue.addListener(new QueueListener() {
                @Override
                public void itemEvent(int index, ResourceRequest item, KitharaEvent event) {
                    events.add(index + " " + item.uri() + " " + event.getClass().getSimpleName());
                }
            });
            queue.add(item(3)); // 300 frames
            queue.add(item(2));
            assertEquals(Optional.empty(), queue.duration(), "nothing plays yet");

            queue.seek(Duration.ofMillis(25)); // frame 200 of item 3
            assertEquals(Optional.of(Duration.ofNanos(300 * 1_000_000_000L / SPEC.sampleRate())), queue.duration());
            opened.get(3f).publish(new KitharaEvent.DownloadComplete(URI.create("item:3"), 42));
            assertEquals(List.of("0 item:3 DownloadComplete"), events);

            Map<Float, Integer> frames = new TreeMap<>();
            float[] buf = new float[64];
            for (int n; (n = queue.read(buf, 0, buf.length)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    frames.merge(buf[i], 1, Integer::sum);
                }
            }
            assertEquals(Map.of(3f, 100, 2f, 200), frames, "item 3 from its frame 200, then item 2 whole");
        }
        try (AudioQueue empty = queue()) {
            IOException none = assertThrows(IOException.class, () -> empty.seek(Duration.ZERO));
            assertTrue(none.getMessage().contains("is empty"), none.getMessage());
        }
    }

    @Test
    void aFailingItemIsReportedAndSkippedAndAllFailingEndsTheQueue() throws Exception {
        try (AudioQueue queue = queue()) {
            List<Integer> failed = new CopyOnWriteArrayList<>();
            queue.addListener(new QueueListener() {
                @Override
                public void itemFailed(int index, ResourceRequest item, IOException error) {
                    failed.add(index);
                }
            });
            queue.add(item(1));
            queue.add(item(0));
            queue.add(item(2));
            assertEquals(List.of(1f, 2f), valuesOf(queue));
            assertEquals(List.of(1), failed);
        }
        try (AudioQueue queue = queue()) {
            queue.setRepeat(PlayQueue.Repeat.ALL);
            queue.add(item(0));
            assertEquals(-1, queue.read(new float[16]), "every item failed: the end, not an endless loop");
        }
    }

    @Test
    void repeatOneAndAllAndTheEditsWhilePlaying() throws Exception {
        try (AudioQueue queue = queue()) {
            List<Integer> started = startedOf(queue);
            queue.add(item(1));
            queue.add(item(2));
            queue.setRepeat(PlayQueue.Repeat.ONE);
            assertEquals(List.of(1f), values(queue, 300));
            assertEquals(List.of(0, 0, 0), started, "the first item three times");
            queue.setRepeat(PlayQueue.Repeat.ALL);
            queue.next();
            assertEquals(List.of(2f, 1f, 2f), values(queue, 500));
            assertEquals(1, queue.currentIndex());
            queue.insert(0, item(3)); // [3, 1, 2]: 2 stays current
            assertEquals(2, queue.currentIndex());
            queue.move(2, 0);         // [2, 3, 1]
            assertEquals(0, queue.currentIndex());
            queue.remove(0);          // [3, 1]: the item that took its place plays next
            queue.setRepeat(PlayQueue.Repeat.OFF);
            assertEquals(List.of(3f, 1f), valuesOf(queue));
            queue.clear();
            assertEquals(-1, queue.read(new float[16]));
            queue.add(item(2));
            assertEquals(List.of(2f), valuesOf(queue), "a queue at its end plays what is added");
        }
        assertTrue(closed.values().stream().allMatch(c -> c == 0), "every item opened was closed: " + closed);
    }

    @Test
    void previousGoesBackAndStaysOnTheFirst() throws Exception {
        try (AudioQueue queue = queue()) {
            queue.add(item(1));
            queue.add(item(2));
            float[] one = new float[1];
            queue.read(one);
            queue.next();
            queue.read(one);
            assertEquals(2f, one[0]);
            queue.previous();
            queue.read(one);
            assertEquals(1f, one[0]);
            queue.previous();
            queue.read(one);
            assertEquals(1f, one[0]);
            assertEquals(0, queue.currentIndex());
        }
    }

    @Test
    void aCrossfadeMixesTheEndOfOneItemWithTheStartOfTheNextAtEqualPower() throws Exception {
        try (AudioQueue queue = queue()) {
            List<Integer> started = startedOf(queue);
            queue.setCrossfade(Duration.ofNanos(6_250_000)); // 50 frames at 8 kHz
            queue.add(item(1)); // 100 frames of 1
            queue.add(item(2)); // 200 frames of 2
            List<Float> out = new ArrayList<>();
            float[] buf = new float[7];
            for (int n; (n = queue.read(buf)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    out.add(buf[i]);
                }
            }
            int fadeStart = 0;
            while (out.get(fadeStart) == 1f) {
                fadeStart++;
            }
            int fade = 100 - fadeStart;
            assertEquals(50, fade, "the fade takes the length asked, whatever the reads' sizes");
            for (int j = 0; j < fade; j++) {
                double t = (j + 0.5) / fade;
                float expected = (float) (1 * Math.cos(t * Math.PI / 2) + 2 * Math.sin(t * Math.PI / 2));
                assertEquals(expected, out.get(fadeStart + j), 1e-6f, "frame " + j + " of the fade");
            }
            assertEquals(100 + 200 - fade, out.size(), "the second item plays on from where its fade ended");
            assertTrue(out.subList(100, out.size()).stream().allMatch(v -> v == 2f));
            assertEquals(List.of(0, 1), started);
        }
        assertTrue(closed.values().stream().allMatch(c -> c == 0), "both items closed: " + closed);
    }

    /** The indexes of the items the queue starts, in order. */
    private static List<Integer> startedOf(PlayQueue queue) {
        List<Integer> started = new CopyOnWriteArrayList<>();
        queue.addListener(new QueueListener() {
            @Override
            public void itemStarted(int index, ResourceRequest item) {
                started.add(index);
            }
        });
        return started;
    }

    /** The runs of equal values read to the end: one entry per item played (neighbours differ in these tests). */
    private static List<Float> valuesOf(PlayQueue queue) throws IOException {
        return values(queue, Integer.MAX_VALUE);
    }

    /** The runs of values in the next {@code samples} samples (or to the end). */
    private static List<Float> values(PlayQueue queue, int samples) throws IOException {
        List<Float> runs = new ArrayList<>();
        float[] buf = new float[7];
        int left = samples;
        float last = Float.NaN;
        int n;
        while (left > 0 && (n = queue.read(buf, 0, Math.min(buf.length, left))) >= 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] != last) {
                    runs.add(buf[i]);
                    last = buf[i];
                }
            }
            left -= n;
        }
        return runs;
    }

    /** A resource of {@code frames} frames of {@code value}, one channel; counts its opens minus closes. */
    private final class Frames implements Resource {
        private final float value;
        private final int frames;
        private final List<KitharaListener> listeners = new CopyOnWriteArrayList<>();
        private int read;
        private boolean open = true;

        Frames(float value, int frames) {
            this.value = value;
            this.frames = frames;
            closed.merge(value, 1, Integer::sum);
            opened.put(value, this);
        }

        void publish(KitharaEvent event) {
            listeners.forEach(l -> l.onEvent(event));
        }

        @Override
        public PcmSpec spec() {
            return SPEC;
        }

        @Override
        public synchronized int read(float[] dst, int offset, int length) {
            if (!open || read == frames) {
                return -1;
            }
            int n = Math.min(length, frames - read);
            java.util.Arrays.fill(dst, offset, offset + n, value);
            read += n;
            return n;
        }

        @Override
        public int readPlanar(float[][] dst, int offset, int frameCount) {
            return read(dst[0], offset, frameCount);
        }

        @Override
        public synchronized Duration position() {
            return Duration.ofNanos(read * 1_000_000_000L / SPEC.sampleRate());
        }

        @Override
        public synchronized boolean isEof() {
            return read == frames;
        }

        @Override
        public synchronized void seek(Duration position) {
            read = (int) Math.min(frames, position.toNanos() * SPEC.sampleRate() / 1_000_000_000L);
        }

        @Override
        public Optional<Duration> duration() {
            return Optional.of(Duration.ofNanos(frames * 1_000_000_000L / SPEC.sampleRate()));
        }

        @Override
        public MediaInfo mediaInfo() {
            return MediaInfo.UNKNOWN;
        }

        @Override
        public void addListener(KitharaListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(KitharaListener listener) {
            listeners.remove(listener);
        }

        @Override
        public synchronized void close() {
            if (open) {
                open = false;
                closed.merge(value, -1, Integer::sum);
            }
        }
    }
}
