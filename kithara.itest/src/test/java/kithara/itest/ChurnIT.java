package kithara.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import com.sun.management.UnixOperatingSystemMXBean;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.testkit.FaultServer;

/**
 * Churn: while 16 streams play (a FLAC file, a progressive MP3 and an HLS stream over HTTP, each reopened at its end), the decoder, protocol and audio
 * bundles are stopped and started again, 100 times in all ({@code -Dkithara.churn.cycles} for the long profile, see
 * docs/robustness.md). Every stream either goes on (hot swap) or ends with a typed {@link IOException}, never another
 * exception; afterwards threads, file descriptors, heap after GC and the native (C) heap in use are back at their
 * baseline.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChurnIT {

    private static final int STREAMS = 16;
    /** A local FLAC file, a progressive MP3 over HTTP and HLS (MPEG-TS segments) over HTTP, from the fault server. */
    private static final List<String> INPUTS = List.of("file:sine523-4s.flac", "http:/sine523-4s.mp3", "http:/hls/ts.m3u8");
    private static final List<String> CHURNED = List.of("kithara.decoder.ffmpeg", "kithara.decoder.hw",
            "kithara.protocol.file", "kithara.protocol.hls", "kithara.audio");
    private static final long SETTLE_MS = 60_000;

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configurationAdmin;

    private FaultServer server;

    @Configuration
    public Option[] config() {
        return LauncherBundleSet.options("org.eclipse.jetty.server", "kithara.testkit", "com.sun.jna");
    }

    /**
     * What the process holds: compared before and after the churn. Native memory is the C heap in use (a leak grows
     * it); resident memory is reported too, but it also counts the free pages the allocator keeps after a burst.
     */
    private record Footprint(int threads, long fds, long heapAfterGc, long nativeInUse, long residentBytes) {
        static Footprint now() throws IOException {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long pages = Long.parseLong(Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+")[1]);
            return new Footprint(ManagementFactory.getThreadMXBean().getThreadCount(),
                    ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount(),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), NativeHeap.inUse(), pages * 4096);
        }

        boolean within(Footprint baseline) {
            return threads <= baseline.threads + 2 && fds <= baseline.fds + 2
                    && heapAfterGc <= baseline.heapAfterGc + (32L << 20) && nativeInUse <= baseline.nativeInUse + (32L << 20);
        }

        @Override
        public String toString() {
            return threads + " threads, " + fds + " file descriptors, " + (heapAfterGc >> 20) + " MiB heap after GC, "
                    + (nativeInUse >> 20) + " MiB native heap in use, " + (residentBytes >> 20) + " MiB resident";
        }
    }

    private static final Path TESTDATA = Paths.get(System.getProperty("kithara.testdata"));

    private ResourceRequest request(String input) {
        return ResourceRequest.of(input.startsWith("file:") ? TESTDATA.resolve(input.substring(5)).toUri()
                : server.uri(input.substring(5)));
    }

    /** Serves the fixtures over HTTP and gives the asset cache a folder of its own. */
    private void serveAndCache(ServiceTracker<AudioService, AudioService> audio) throws Exception {
        server = FaultServer.start();
        server.serve("/sine523-4s.mp3", Files.readAllBytes(TESTDATA.resolve("sine523-4s.mp3")), "audio/mpeg");
        try (Stream<Path> files = Files.list(TESTDATA.resolve("hls"))) {
            for (Path f : files.toList()) {
                server.serve("/hls/" + f.getFileName(), Files.readAllBytes(f), "application/octet-stream");
            }
        }
        String root = Files.createTempDirectory("kithara-churn-it").toString();
        InContainer.pointCacheAt(configurationAdmin, Path.of(root));
        InContainer.awaitProtocolsOn(context, Path.of(root), null, 2, audio::getService,
                INPUTS.stream().map(this::request).toList(), 30_000);
    }

    private Bundle bundle(String name) {
        return Arrays.stream(context.getBundles()).filter(b -> name.equals(b.getSymbolicName())).findFirst().orElseThrow();
    }

    /** Plays {@code input} over and over until {@code stop}; a typed failure counts and the stream opens again. */
    private void play(ServiceTracker<AudioService, AudioService> audio, String input, AtomicBoolean stop,
                             AtomicLong samples, AtomicLong typedErrors, List<Throwable> untyped) {
        float[] buffer = new float[4096];
        while (!stop.get()) {
            try {
                AudioService service = audio.waitForService(1_000);
                if (service == null) {
                    continue; // the audio bundle is stopped
                }
                try (Resource r = service.open(request(input))) {
                    for (int got = r.read(buffer); got >= 0 && !stop.get(); got = r.read(buffer)) {
                        samples.addAndGet(got);
                    }
                }
            } catch (IOException typed) {
                typedErrors.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                untyped.add(t);
                return;
            }
        }
    }

    @Test
    public void bundlesStoppedAndStartedUnderSixteenStreamsLeaveNothingBehind() throws Exception {
        ServiceTracker<AudioService, AudioService> audio = new ServiceTracker<>(context, AudioService.class, null);
        audio.open();
        assertNotNull(audio.waitForService(30_000));
        int cycles = Integer.getInteger("kithara.churn.cycles", 100);
        serveAndCache(audio);
        for (String input : INPUTS) { // warm up: classes loaded, natives loaded, pools started
            try (Resource r = audio.getService().open(request(input))) {
                while (r.read(new float[4096]) >= 0) {
                    // to the end
                }
            }
        }
        Footprint baseline = Footprint.now();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong samples = new AtomicLong();
        AtomicLong typedErrors = new AtomicLong();
        List<Throwable> untyped = new CopyOnWriteArrayList<>();
        List<Thread> players = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            String input = INPUTS.get(i % INPUTS.size());
            Thread t = new Thread(() -> play(audio, input, stop, samples, typedErrors, untyped), "churn-player-" + i);
            t.start();
            players.add(t);
        }
        long start = System.nanoTime();
        try {
            for (int c = 0; c < cycles && untyped.isEmpty(); c++) {
                Bundle b = bundle(CHURNED.get(c % CHURNED.size()));
                b.stop();
                b.start();
                long before = samples.get();
                assertTrue("the streams play again after restarting " + b.getSymbolicName(),
                        InContainer.await(() -> samples.get() > before + 44_100, 30_000));
            }
        } finally {
            stop.set(true);
            for (Thread t : players) {
                t.join(30_000);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long settling = System.nanoTime();
        assertEquals("no stream failed with anything but an IOException: " + untyped, List.of(), untyped);
        for (Thread t : players) {
            assertTrue(t.getName() + " still plays after the churn ended:\n" + stackOf(t) + "decode workers:\n"
                    + Thread.getAllStackTraces().keySet().stream().filter(w -> w.getName().startsWith("kithara-decode"))
                    .map(w -> w.getName() + " " + w.getState() + "\n" + stackOf(w)).collect(Collectors.joining("\n")),
                    !t.isAlive());
        }
        assertTrue("every bundle is active again", CHURNED.stream().allMatch(n -> bundle(n).getState() == Bundle.ACTIVE));
        assertTrue("no resource is left open", InContainer.await(() -> audio.getService() != null
                && audio.getService().openResources().isEmpty(), 30_000));

        Footprint[] after = {Footprint.now()};
        long deadline = System.currentTimeMillis() + SETTLE_MS;
        while (!after[0].within(baseline) && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(500); // pools end their idle threads on their own timeouts
            after[0] = Footprint.now();
        }
        String report = String.format("churn: %d bundle restarts in %.0f s under %d streams (%.1f s of audio played,"
                + " %d typed errors, 0 other); before: %s; after (%.0f s later): %s", cycles, seconds, STREAMS,
                samples.get() / 2.0 / 44_100, typedErrors.get(), baseline, (System.nanoTime() - settling) / 1e9, after[0]);
        System.out.println(report);
        Files.writeString(Path.of("target", "churn-report.txt"), report + "\n");
        assertTrue(report + "\nthreads now: " + threadNames(), after[0].within(baseline));
        audio.close();
        server.close();
    }

    private static String stackOf(Thread t) {
        StringBuilder out = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            out.append("\tat ").append(e).append('\n');
        }
        return out.toString();
    }

    private static List<String> threadNames() {
        List<String> names = new ArrayList<>(Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList());
        names.sort(null);
        return names;
    }
}
