package kithara.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;

/**
 * Soak: 64 resources inside Felix seek at random for a while (60 s in the build; {@code -Dkithara.soak.seconds=600}
 * for the long profile, see docs/robustness.md), each reading a slice after every seek and comparing it with a clean
 * decode of the same file at that position: FLAC sample for sample, MP3 and AAC to the last bit of 16. No deadlock,
 * no wrong sample, no error.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SoakIT {

    private static final int STREAMS = 64;
    private static final int SLICE_FRAMES = 2048;
    private static final List<String> FILES = List.of("sine523-4s.flac", "sine440-2s.m4a", "sine523-4s.mp3");

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return LauncherBundleSet.options();
    }

    private static ResourceRequest fixture(String name) {
        return ResourceRequest.of(Paths.get(System.getProperty("kithara.testdata")).resolve(name).toUri());
    }

    private static float[] decodeAll(AudioService audio, String name) throws IOException {
        try (Resource r = audio.open(fixture(name))) {
            float[] all = new float[1 << 20];
            int n = 0;
            for (int got = r.read(all, n, all.length - n); got >= 0; got = r.read(all, n, all.length - n)) {
                n += got;
                if (n == all.length) {
                    all = Arrays.copyOf(all, all.length * 2);
                }
            }
            return Arrays.copyOf(all, n);
        }
    }

    /** Seeks {@code r} at random until {@code deadline}, checking a slice after each seek; returns the seeks made. */
    private static long seekAtRandom(Resource r, float[] clean, int channels, float tolerance, long deadline, Random random,
                                     AtomicLong wrong, List<String> mismatches) throws IOException {
        int rate = r.spec().sampleRate();
        int tenMs = rate / 100; // whole 10-ms steps are whole frames at 44.1 and 48 kHz
        int steps = (clean.length / channels - SLICE_FRAMES) / tenMs;
        float[] slice = new float[SLICE_FRAMES * channels];
        long seeks = 0;
        while (System.nanoTime() < deadline) {
            int step = random.nextInt(steps);
            r.seek(Duration.ofMillis(step * 10L));
            int n = 0;
            while (n < slice.length) {
                int got = r.read(slice, n, slice.length - n);
                if (got < 0) {
                    throw new IOException("end of stream " + n + " samples after a seek to " + step * 10 + " ms");
                }
                n += got;
            }
            int from = step * tenMs * channels;
            if (largestDifference(slice, clean, from) > tolerance && wrong.incrementAndGet() <= 5) {
                mismatches.add(r.mediaInfo().codec().map(Enum::name).orElse("?") + " after a seek to " + step * 10 + " ms: "
                        + difference(slice, clean, from, channels));
            }
            seeks++;
        }
        return seeks;
    }

    @Test
    public void sixtyFourStreamsSeekingAtRandomReadWhatACleanDecodeHasThere() throws Exception {
        ServiceTracker<AudioService, AudioService> tracker = new ServiceTracker<>(context, AudioService.class, null);
        tracker.open();
        AudioService audio = tracker.waitForService(30_000);
        assertNotNull(audio);
        long seconds = Long.getLong("kithara.soak.seconds", 60);
        Map<String, float[]> clean = new java.util.HashMap<>();
        Map<String, Integer> channels = new java.util.HashMap<>();
        for (String f : FILES) {
            clean.put(f, decodeAll(audio, f));
            try (Resource r = audio.open(fixture(f))) {
                channels.put(f, r.spec().channels());
            }
        }
        AtomicLong wrong = new AtomicLong();
        List<String> mismatches = new java.util.concurrent.CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(STREAMS);
        List<Future<Long>> streams = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS; i++) {
                String f = FILES.get(i % FILES.size());
                Random random = new Random(4711 + i);
                streams.add(pool.submit(() -> {
                    try (Resource r = audio.open(fixture(f))) {
                        return seekAtRandom(r, clean.get(f), channels.get(f), toleranceOf(f), deadline, random, wrong,
                                mismatches);
                    }
                }));
            }
            long seeks = 0;
            long waitUntil = deadline + TimeUnit.SECONDS.toNanos(60);
            for (Future<Long> s : streams) {
                try {
                    seeks += s.get(Math.max(1, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("a stream is stuck 60 s past the end of the soak:\n" + threadDump(), e);
                }
            }
            String report = String.format("soak: %d streams, %d s, %d seeks (%.0f/s), %d slices that differ from a clean"
                    + " decode%s", STREAMS, seconds, seeks, seeks / (double) seconds, wrong.get(),
                    mismatches.isEmpty() ? "" : " " + mismatches);
            System.out.println(report);
            Files.writeString(Path.of("target", "soak-report.txt"), report + "\n");
            assertEquals(report, 0, wrong.get());
            assertTrue(report, seeks >= STREAMS);
        } finally {
            pool.shutdownNow();
            tracker.close();
        }
    }

    /**
     * Lossless audio matches exactly. A lossy decoder restarts its filter bank at a seek, so its first frames after one
     * may differ from a decode that ran through in the last bit of 16 (a decoder with 16-bit output): never more. A
     * slice from the wrong position differs by far more (the fixtures are sine tones at full scale).
     */
    private static float toleranceOf(String file) {
        return file.endsWith(".flac") ? 0f : 2f / 32768;
    }

    private static float largestDifference(float[] slice, float[] clean, int from) {
        float max = 0;
        for (int i = 0; i < slice.length; i++) {
            max = Math.max(max, Math.abs(slice[i] - clean[from + i]));
        }
        return max;
    }

    /** How a slice differs from the clean decode at {@code from}: shifted by whole frames, or in its samples. */
    private static String difference(float[] slice, float[] clean, int from, int channels) {
        for (int shift = -4096; shift <= 4096; shift++) {
            int at = from + shift * channels;
            if (at >= 0 && at + slice.length <= clean.length
                    && Arrays.equals(slice, Arrays.copyOfRange(clean, at, at + slice.length))) {
                return "the clean decode's samples " + shift + " frames away";
            }
        }
        return "largest difference " + largestDifference(slice, clean, from);
    }

    private static String threadDump() {
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        String stacks = Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(true, true))
                .map(ThreadInfo::toString).collect(Collectors.joining());
        return (deadlocked == null ? "no deadlock found by the JVM" : "deadlocked threads: " + Arrays.toString(deadlocked))
                + "\n" + stacks;
    }
}
