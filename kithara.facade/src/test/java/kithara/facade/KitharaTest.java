package kithara.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.source.SourceException;
import kithara.testkit.FaultServer;

/** The engine started from plain Java, the way an application without OSGi uses it: real bundles, FFmpeg, Jetty. */
class KitharaTest {

    private static final Path TESTDATA = Paths.get(System.getProperty("kithara.testdata"));

    @TempDir
    Path cache;

    @Test
    void decodesALocalFileAndAProgressiveDownloadThenStopsEverything() throws Exception {
        byte[] mp3 = Files.readAllBytes(TESTDATA.resolve("sine1k-1s.mp3"));
        try (FaultServer server = FaultServer.start().serve("/a.mp3", mp3, "audio/mpeg");
             Kithara kithara = Kithara.builder().set("kithara.stream.cache", "root", cache.toString()).start()) {
            assertEquals(44_100, framesOf(kithara, ResourceRequest.of(TESTDATA.resolve("sine1k-1s.flac"))));
            long remote = framesOf(kithara, ResourceRequest.of(server.uri("/a.mp3")));
            assertEquals(44_100, remote, "an MP3 decodes to its true, gapless length");
            assertTrue(Files.list(cache).findAny().isPresent(), "the configured cache folder holds the download");
        }
        awaitNoEngineThreads(Duration.ofSeconds(30));
    }

    @Test
    void engineAfterEngineInOneProcessEachDecodeWithFfmpeg() throws Exception {
        for (int round = 0; round < 2; round++) {
            try (Kithara kithara = Kithara.builder().set("kithara.stream.cache", "backend", "memory").start();
                 Resource resource = kithara.audio().open(ResourceRequest.of(TESTDATA.resolve("sine1k-1s.flac")))) {
                assertEquals(List.of("ffmpeg"), kithara.audio().openResources().stream().map(r -> r.decoder()).toList(),
                        "round " + round);
            }
        }
    }

    @Test
    void failuresAreTheApisOwnTypedExceptions() throws Exception {
        try (Kithara kithara = Kithara.builder().set("kithara.stream.cache", "backend", "memory").start()) {
            Path missing = cache.resolve("missing.mp3");
            SourceException e = assertThrows(SourceException.class,
                    () -> kithara.audio().open(ResourceRequest.of(missing)));
            assertTrue(e.getMessage().contains("missing.mp3"), e.getMessage());
        }
    }

    @Test
    void aClosedEngineSaysSoAndClosingAgainIsHarmless() throws Exception {
        Kithara kithara = Kithara.start();
        kithara.close();
        assertThrows(IllegalStateException.class, kithara::audio);
        kithara.close();
    }

    private static long framesOf(Kithara kithara, ResourceRequest request) throws Exception {
        try (Resource resource = kithara.audio().open(request)) {
            int channels = resource.spec().channels();
            float[] pcm = new float[4096 * channels];
            long samples = 0;
            for (int n; (n = resource.read(pcm)) >= 0; ) {
                samples += n;
            }
            return samples / channels;
        }
    }

    /** The engine's threads (named kithara-*) end with the framework: joins each, within one deadline. */
    private static void awaitNoEngineThreads(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> engine = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("kithara-")).toList();
        for (Thread thread : engine) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        List<String> alive = engine.stream().filter(Thread::isAlive).map(Thread::getName).toList();
        assertTrue(alive.isEmpty(), "engine threads still alive after close: " + alive);
    }
}
