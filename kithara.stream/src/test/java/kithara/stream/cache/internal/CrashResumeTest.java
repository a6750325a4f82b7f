package kithara.stream.cache.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kithara.api.source.ByteRange;
import kithara.api.source.ReadOutcome;
import kithara.stream.cache.AssetLease;
import kithara.stream.cache.CacheException;
import kithara.testkit.Fault;
import kithara.testkit.FaultServer;

/**
 * A child JVM downloads into the cache and is killed with SIGKILL at random moments, 50 times; after each
 * kill the cache is reopened here and every byte it serves must equal the origin's. Then a last run completes
 * the download, which must equal the origin whole and fetch only what was missing.
 */
class CrashResumeTest {

    private static final int SIZE = 8 << 20;
    private static final int KILLS = 50;
    private static final long BOUND_SECONDS = 60;

    @TempDir
    Path root;

    private Process child(URI uri) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", CrashChild.class.getName(), root.toString(), uri.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Waits for the child's first line ("started ...") within the bound. */
    private static String firstLine(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        return line.get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    private void assertServedBytesAreTheOrigins(URI uri, byte[] origin) throws IOException {
        try (AssetCache cache = AssetCache.onDisk(root, Long.MAX_VALUE, Integer.MAX_VALUE, true);
             AssetLease lease = cache.open(cache.key(uri, ""))) {
            for (ByteRange r : lease.storage().presentRanges()) {
                assertTrue(r.end() <= origin.length, "range past the end: " + r);
                ByteBuffer dst = ByteBuffer.allocate((int) r.length());
                while (dst.hasRemaining()) {
                    ReadOutcome o = lease.storage().readAt(r.start() + dst.position(), dst);
                    assertTrue(o instanceof ReadOutcome.Bytes, "present bytes are readable");
                }
                for (int i = 0; i < r.length(); i++) {
                    if (dst.get(i) != origin[(int) r.start() + i]) {
                        throw new AssertionError("byte " + (r.start() + i) + " served wrong after a kill");
                    }
                }
            }
        }
    }

    @Test
    void killedFiftyTimesWhileDownloadingNeverServesAWrongByte() throws Exception {
        byte[] origin = new byte[SIZE];
        new Random(11).nextBytes(origin);
        Random random = new Random(12);
        try (FaultServer server = FaultServer.start()) {
            server.serve("/big.flac", origin, "audio/flac").fault("/big.flac", Fault.throttle(256 * 1024));
            URI uri = server.uri("/big.flac");
            boolean lockChecked = false;
            for (int kill = 0; kill < KILLS; kill++) {
                Process p = child(uri);
                try {
                    String started = firstLine(p);
                    assertTrue(started != null && started.startsWith("started"), "child said " + started);
                    if (!lockChecked) {
                        CacheException locked = org.junit.jupiter.api.Assertions.assertThrows(CacheException.class,
                                () -> AssetCache.onDisk(root, Long.MAX_VALUE, Integer.MAX_VALUE, true));
                        assertEquals(CacheException.Reason.LOCKED, locked.reason(), "two processes never share a folder");
                        lockChecked = true;
                    }
                    // The kill moment: a random time into the download (or the child's own end, if sooner).
                    p.waitFor(random.nextInt(1000), TimeUnit.MILLISECONDS);
                } finally {
                    p.destroyForcibly();
                    assertTrue(p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS));
                }
                assertServedBytesAreTheOrigins(uri, origin);
            }
            server.clearFaults();
            int requestsBefore = server.requests("/big.flac").size();
            Process last = child(uri);
            assertTrue(last.waitFor(BOUND_SECONDS, TimeUnit.SECONDS), "the last run completes");
            assertEquals(0, last.exitValue());
            try (AssetCache cache = AssetCache.onDisk(root, Long.MAX_VALUE, Integer.MAX_VALUE, true);
                 AssetLease lease = cache.open(cache.key(uri, ""))) {
                assertTrue(lease.isCommitted());
                ByteBuffer all = ByteBuffer.allocate(SIZE);
                while (all.hasRemaining()) {
                    lease.storage().readAt(all.position(), all);
                }
                assertArrayEquals(origin, all.array());
                assertEquals(List.of(new ByteRange(0, SIZE)), lease.storage().presentRanges());
            }
            var resume = server.requests("/big.flac").get(requestsBefore);
            assertTrue(resume.range().isPresent() && !resume.range().get().equals("bytes=0-"),
                    "the last run fetched only what was missing: " + resume);
            assertTrue(resume.bodyBytes() < SIZE, resume.toString());
        }
    }
}
