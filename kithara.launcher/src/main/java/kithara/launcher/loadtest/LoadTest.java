package kithara.launcher.loadtest;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A capacity test: opens {@code streams} feeds round-robin over the given URIs, spread over the ramp, and reads
 * each at real-time pace ({@link PacedStream}) for the given time, from a small pool of threads of its own (twice the
 * cores, at least four), as a server mixing many streams would; streams are opened and primed by a second pool of
 * the same size, so that opening never delays the reads of streams already playing. Measures underruns and lateness, and the process's
 * CPU, heap, threads and resident memory with every stream open against the same before the first opened.
 */
public final class LoadTest {

    /** How often each stream's player asks for audio, as an audio device's callback does. */
    static final Duration TICK = Duration.ofMillis(20);
    /** How much audio each player buffers before its clock starts. */
    static final Duration LEAD = Duration.ofMillis(200);
    /** How long opening and priming a stream may take before it counts as failed. */
    static final Duration OPEN_ALLOWANCE = Duration.ofSeconds(60);
    private static final int BUFFER_SAMPLES = 2048 * 8;

    /** What to run. */
    public record Settings(int streams, Duration length, Duration ramp, List<URI> uris) {
    }

    /** One stream that did not play to its end, and why. */
    public record Failure(URI uri, String reason) {
    }

    /** What a run measured. */
    public record Report(int streams, int played, List<Failure> failures, long reads, long underruns, long lateP99Ms,
                         long lateWorstMs, long loops, double cpuPercent, double heapKibPerStream,
                         double threadsPerStream, Footprint before, Footprint loaded) {

        /** The machine-readable summary line. */
        public String summary() {
            return String.format(Locale.ROOT,
                    "streams=%d underruns=%d late_ms_p99=%d cpu_pct=%.1f heap_kib_per_stream=%.1f threads_per_stream=%.2f",
                    streams, underruns, lateP99Ms, cpuPercent, heapKibPerStream, threadsPerStream);
        }
    }

    private final PcmFeed.Opener opener;
    private final Settings settings;
    private final Lateness lateness = new Lateness();
    private final List<PacedStream> opened = Collections.synchronizedList(new ArrayList<>());
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger playing = new AtomicInteger();
    private final AtomicInteger played = new AtomicInteger();
    private final AtomicLong underruns = new AtomicLong();
    private final CountDownLatch finished;
    private final ScheduledThreadPoolExecutor pool;
    /** Opens and primes streams, so that a slow open never delays the reads of streams already playing. */
    private final ExecutorService openers;
    private final ThreadLocal<float[]> buffers = ThreadLocal.withInitial(() -> new float[BUFFER_SAMPLES]);

    private LoadTest(PcmFeed.Opener opener, Settings settings) {
        this.opener = opener;
        this.settings = settings;
        this.finished = new CountDownLatch(settings.streams());
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        this.pool = new ScheduledThreadPoolExecutor(threads, daemons("kithara-loadtest-"));
        pool.setRemoveOnCancelPolicy(true);
        this.openers = Executors.newFixedThreadPool(threads, daemons("kithara-loadtest-open-"));
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Runs the test and returns what it measured; every stream is closed when it returns.
     *
     * @param progress given a one-line state about once a second
     */
    public static Report run(PcmFeed.Opener opener, Settings settings, Consumer<String> progress)
            throws InterruptedException {
        LoadTest test = new LoadTest(opener, settings);
        try {
            return test.run(progress);
        } finally {
            test.pool.shutdownNow();
            test.openers.shutdownNow();
            test.pool.awaitTermination(10, TimeUnit.SECONDS);
            test.openers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private Report run(Consumer<String> progress) throws InterruptedException {
        pool.prestartAllCoreThreads();
        for (int i = 0; i < pool.getCorePoolSize(); i++) {
            openers.execute(() -> { }); // its threads exist before the baseline, like the pool's
        }
        Footprint before = Footprint.now();
        int n = settings.streams();
        for (int i = 0; i < n; i++) {
            URI uri = settings.uris().get(i % settings.uris().size());
            long offset = n == 1 ? 0 : settings.ramp().toNanos() * i / n;
            pool.schedule(() -> openers.execute(() -> open(uri)), offset, TimeUnit.NANOSECONDS);
        }
        long deadline = System.nanoTime() + settings.ramp().plus(settings.length()).plus(OPEN_ALLOWANCE).toNanos();
        long started = System.nanoTime();
        while (!finished.await(1, TimeUnit.SECONDS)) {
            progress.accept(String.format(Locale.ROOT, "loadtest: %d s, %d of %d streams playing, %d underruns, %d failed",
                    (System.nanoTime() - started) / 1_000_000_000L, playing.get(), n, underruns.get(), failures.size()));
            if (System.nanoTime() > deadline) {
                failures.add(new Failure(null, (finished.getCount()) + " streams did not finish within "
                        + settings.ramp().plus(settings.length()).plus(OPEN_ALLOWANCE).toSeconds() + " s"));
                break;
            }
        }
        Footprint loaded = Footprint.now();
        closeAll();
        return new Report(n, played.get(), List.copyOf(failures), lateness.reads(), underruns.get(),
                lateness.percentileMs(0.99), lateness.worstMs(), opened.stream().mapToLong(PacedStream::loops).sum(),
                loaded.cpuPercentSince(before), (loaded.heapBytes() - before.heapBytes()) / 1024.0 / n,
                (loaded.threads() - before.threads()) / (double) n, before, loaded);
    }

    /** Opens one stream, buffers its lead and starts its ticks. */
    private void open(URI uri) {
        PacedStream stream;
        try {
            stream = new PacedStream(uri, opener.open(uri), LEAD, lateness);
            opened.add(stream);
            stream.prime(buffers.get());
        } catch (IOException | RuntimeException e) {
            fail(uri, e);
            return;
        }
        playing.incrementAndGet();
        long end = System.nanoTime() + settings.length().toNanos();
        pool.schedule(() -> tick(stream, end), TICK.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick(PacedStream stream, long end) {
        long now = System.nanoTime();
        long before = stream.underruns();
        try {
            stream.keepUp(Math.min(now, end), buffers.get());
        } catch (IOException | RuntimeException e) {
            playing.decrementAndGet();
            fail(stream.uri(), e);
            return;
        }
        underruns.addAndGet(stream.underruns() - before);
        if (now >= end) {
            playing.decrementAndGet();
            played.incrementAndGet();
            finished.countDown();
        } else {
            pool.schedule(() -> tick(stream, end), TICK.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void fail(URI uri, Exception e) {
        failures.add(new Failure(uri, Optional.ofNullable(e.getMessage()).orElse(e.toString())));
        finished.countDown();
    }

    private void closeAll() {
        for (PacedStream s : List.copyOf(opened)) {
            try {
                s.close();
            } catch (IOException e) {
                failures.add(new Failure(s.uri(), "close failed: " + e.getMessage()));
            }
        }
    }
}
