package kithara.protocol.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kithara.api.event.KitharaEvent;
import kithara.api.net.FetchException;
import kithara.api.source.ByteRange;
import kithara.api.source.Source;
import kithara.api.source.SourceException;
import kithara.api.source.StreamRequest;
import kithara.stream.cache.internal.AssetCache;
import kithara.stream.download.HttpDownloader;
import kithara.stream.http.HttpTransport;
import kithara.stream.http.RetryPolicy;
import kithara.stream.http.TransportConfig;
import kithara.stream.io.SourceStream;
import kithara.testkit.Fault;
import kithara.testkit.FaultServer;
import kithara.testkit.Recorder;
import kithara.testkit.RequestRecord;

/** The file protocol against a real loopback server with faults, a real Downloader and a real cache. */
class FileStreamTypeTest {

    private static final int BIG = 20_000_000;
    private static final int SMALL = 4_000_000;
    private static final long LOOK_AHEAD = 2L << 20;
    private static final Duration READ = Duration.ofSeconds(30);
    private static byte[] big;
    private static byte[] small;
    private static FaultServer server;

    @TempDir
    Path dir;

    private HttpDownloader downloader;
    private AssetCache cache;
    private FileStreamType files;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private static int counter;
    private String path;

    @BeforeAll
    static void startServer() throws Exception {
        big = new byte[BIG];
        new Random(1).nextBytes(big);
        small = Arrays.copyOf(big, SMALL);
        server = FaultServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void setup() throws Exception {
        path = "/music/" + (++counter) + ".flac";
        server.serve(path, small, "audio/flac");
        start(AssetCache.inMemory(Long.MAX_VALUE, Integer.MAX_VALUE, true));
    }

    private void start(AssetCache store) throws Exception {
        cache = store;
        downloader = new HttpDownloader(new HttpTransport(TransportConfig.DEFAULT.withIdleTimeout(Duration.ofSeconds(2))
                .withRetry(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(200)))), 6);
        files = new FileStreamType(downloader, cache, LOOK_AHEAD, Duration.ofSeconds(20));
    }

    private void stop() throws Exception {
        downloader.close();
        cache.close();
    }

    @AfterEach
    void teardown() throws Exception {
        stop();
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
    }

    private SourceStream open(String p) throws IOException {
        return new SourceStream(files.open(StreamRequest.of(server.uri(p))), p, READ);
    }

    private static byte[] readAt(SourceStream in, long offset, int n) throws IOException {
        in.seek(offset);
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(out, got, n - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        return Arrays.copyOf(out, got);
    }

    @Test
    void acceptsFilesAndProgressiveUrlsButNotHls() {
        assertTrue(files.accepts(StreamRequest.of(URI.create("https://cdn.test/a.mp3"))));
        assertTrue(files.accepts(StreamRequest.of(Path.of("/tmp/a.flac"))));
        assertFalse(files.accepts(StreamRequest.of(URI.create("https://cdn.test/master.m3u8"))));
        assertFalse(files.accepts(StreamRequest.of(URI.create("https://cdn.test/live")).withContentType(
                "application/vnd.apple.mpegurl")));
        assertFalse(files.accepts(StreamRequest.of(URI.create("https://cdn.test/x")).withSniff("#EXTM3U\n".getBytes())));
        assertFalse(files.accepts(StreamRequest.of(URI.create("ftp://cdn.test/a.mp3"))));
    }

    @Test
    void localFilesAreReadInPlaceWithoutNetworkOrCache() throws IOException {
        Path local = dir.resolve("local.flac");
        Files.write(local, small);
        int requests = server.requests().size();
        try (SourceStream in = new SourceStream(files.open(StreamRequest.of(local)), local.toString(), READ)) {
            assertArrayEquals(small, in.readAllBytes());
        }
        assertEquals(requests, server.requests().size());
        assertEquals(List.of(), cache.assets());
        SourceException missing = assertThrows(SourceException.class, () -> files.open(StreamRequest.of(dir.resolve("none.mp3"))));
        assertTrue(missing.getMessage().contains("none.mp3"), missing.getMessage());
    }

    @Test
    void aRemoteFileArrivesWholeFromOneResponseThatTellsItsLength() throws IOException {
        try (Source source = files.open(StreamRequest.of(server.uri(path)));
             SourceStream in = new SourceStream(source, path, READ)) {
            assertEquals(java.util.OptionalLong.of(SMALL), source.length(), "known once open returns");
            assertArrayEquals(small, in.readAllBytes());
        }
        List<RequestRecord> log = server.requests(path);
        assertEquals(Optional.empty(), log.get(0).range(), "no Range on the first request");
        assertTrue(log.stream().noneMatch(r -> r.method().equals("HEAD")), "no HEAD: " + log);
    }

    @Test
    void athousandRandomSeeksOverAThrottledTwentyMegabyteFileReadTheRightBytes() throws Exception {
        server.serve(path, big, "audio/flac").fault(path, Fault.throttle(8_000_000));
        Random random = new Random(99);
        try (SourceStream in = open(path)) {
            for (int i = 0; i < 1000; i++) {
                long at = random.nextInt(BIG - 8192);
                byte[] got = readAt(in, at, 1 + random.nextInt(8192));
                for (int k = 0; k < got.length; k++) {
                    if (got[k] != big[(int) at + k]) {
                        throw new AssertionError("seek " + i + ": wrong byte at " + (at + k));
                    }
                }
            }
        }
    }

    @Test
    void aSeekFarAheadGetsADemandRequestAtOnce() throws IOException {
        server.serve(path, big, "audio/flac").fault(path, Fault.throttle(2_000_000));
        try (SourceStream in = open(path)) {
            assertArrayEquals(Arrays.copyOf(big, 1000), readAt(in, 0, 1000));
            long far = 15_000_000;
            assertArrayEquals(Arrays.copyOfRange(big, (int) far, (int) far + 4096), readAt(in, far, 4096));
        }
        assertTrue(server.requests(path).stream().anyMatch(r -> r.range().equals(Optional.of("bytes=15000000-"))),
                server.requests(path).toString());
    }

    @Test
    void theDownloadPausesWhenFarAheadAndResumesWhenTheReaderMoves() throws Exception {
        server.serve(path, big, "audio/flac");
        try (Source source = files.open(StreamRequest.of(server.uri(path)));
             SourceStream in = new SourceStream(source, path, READ)) {
            readAt(in, 0, 100_000);
            long stored = waitUntilStable(source);
            assertTrue(stored <= 100_000 + LOOK_AHEAD + 1_000_000, "paused near the look-ahead: " + stored);
            assertTrue(stored < BIG);
            assertArrayEquals(big, readAt(in, 0, BIG), "resumes as the reader moves");
        }
    }

    /** Waits (with a deadline) until the stored byte count stops changing; returns it. */
    private static long waitUntilStable(Source source) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = -1;
        int stableRounds = 0;
        while (System.nanoTime() < deadline && stableRounds < 5) {
            long now = source.timeline().bufferedRanges().stream().mapToLong(ByteRange::length).sum();
            stableRounds = now == last ? stableRounds + 1 : 0;
            last = now;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        return last;
    }

    @Test
    void aPartialDownloadResumesAfterARestartFetchingOnlyWhatIsMissing() throws Exception {
        server.serve(path, big, "audio/flac").fault(path, Fault.throttle(16_000_000));
        stop();
        start(AssetCache.onDisk(dir.resolve("cache"), Long.MAX_VALUE, Integer.MAX_VALUE, true));
        long storedFirst;
        try (Source source = files.open(StreamRequest.of(server.uri(path)));
             SourceStream in = new SourceStream(source, path, READ)) {
            readAt(in, 0, 3_000_000);
            storedFirst = waitUntilStable(source);
        }
        stop();
        long sentBefore = server.bodyBytesSent(path);
        int requestsBefore = server.requests(path).size();
        start(AssetCache.onDisk(dir.resolve("cache"), Long.MAX_VALUE, Integer.MAX_VALUE, true));
        try (SourceStream in = open(path)) {
            assertArrayEquals(big, in.readAllBytes());
        }
        long sentAfter = server.bodyBytesSent(path) - sentBefore;
        long missing = BIG - storedFirst;
        for (RequestRecord r : server.requests(path).subList(requestsBefore, server.requests(path).size())) {
            long from = Long.parseLong(r.range().orElse("bytes=0-").replaceAll("bytes=(\\d+)-.*", "$1"));
            assertTrue(from >= storedFirst, "only missing ranges are asked for: " + r + ", stored " + storedFirst);
        }
        assertTrue(sentAfter <= missing + (2 << 20), "resumed: " + sentAfter + " bytes sent for " + missing + " missing");
        try (SourceStream offline = open(path)) {
            int requests = server.requests(path).size();
            assertArrayEquals(big, offline.readAllBytes());
            assertEquals(requests, server.requests(path).size(), "committed: replayed with no request");
        }
    }

    @Test
    void twoReadersOfOneUrlShareOneDownload() throws Exception {
        server.serve(path, big, "audio/flac").fault(path, Fault.throttle(20_000_000));
        List<Future<byte[]>> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            readers.add(threads.submit(() -> {
                try (SourceStream in = open(path)) {
                    return in.readAllBytes();
                }
            }));
        }
        for (Future<byte[]> r : readers) {
            assertArrayEquals(big, r.get(60, TimeUnit.SECONDS));
        }
        assertTrue(server.bodyBytesSent(path) < BIG * 1.3, "one download: " + server.bodyBytesSent(path));
    }

    @Test
    void aServerWithoutRangeSupportIsStreamedOnceAndSaysSo() throws Exception {
        server.serve(path, big, "audio/flac").fault(path, Fault.ignoreRange());
        Recorder<KitharaEvent> events = new Recorder<>();
        try (Source source = files.open(StreamRequest.of(server.uri(path)));
             SourceStream in = new SourceStream(source, path, READ)) {
            source.addListener(events::accept);
            List<KitharaEvent> first = events.all();
            assertTrue(first.isEmpty() || first.get(0) instanceof KitharaEvent.RangesUnsupported);
            assertArrayEquals(Arrays.copyOfRange(big, 10_000_000, 10_004_096), readAt(in, 10_000_000, 4096), "forward waits");
            assertArrayEquals(Arrays.copyOfRange(big, 1_000, 5_000), readAt(in, 1_000, 4000), "backward from storage");
            assertArrayEquals(big, readAt(in, 0, BIG));
        }
        assertEquals(1, server.requests(path).size(), "one stream: " + server.requests(path));
        events.await(e -> e instanceof KitharaEvent.RangesUnsupported);
    }

    @Test
    void aDroppedConnectionToAServerWithoutRangesStillGivesTheExactBytes() throws Exception {
        server.fault(path, Fault.resetAfter(1_000_000).times(1), Fault.ignoreRange());
        try (SourceStream in = open(path)) {
            assertArrayEquals(small, in.readAllBytes());
        }
        assertTrue(server.requests(path).size() <= 3, server.requests(path).toString());
    }

    @Test
    void unknownLengthWorks() throws IOException {
        server.fault(path, Fault.chunked());
        try (Source source = files.open(StreamRequest.of(server.uri(path)));
             SourceStream in = new SourceStream(source, path, READ)) {
            assertArrayEquals(small, in.readAllBytes());
            assertEquals(java.util.OptionalLong.of(SMALL), source.length(), "known at the end");
        }
    }

    @Test
    void faultsEndInTheExactBytesOrATypedError() throws Exception {
        server.fault(path, Fault.resetAfter(300_000).times(2), Fault.status(503).times(1), Fault.truncate(2_000_000).times(1));
        try (SourceStream in = open(path)) {
            assertArrayEquals(small, in.readAllBytes());
        }
        String missing = "/missing/" + counter + ".mp3";
        SourceException e = assertThrows(SourceException.class, () -> files.open(StreamRequest.of(server.uri(missing))));
        FetchException cause = assertInstanceOf(FetchException.class, e.getCause());
        assertEquals(OptionalInt.of(404), cause.status());
        assertTrue(e.getMessage().contains(missing), e.getMessage());
    }

    @Test
    void eightConcurrentReadersOfDifferentAndSameFiles() throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String p = path + "-" + i;
            server.serve(p, small, "audio/flac").fault(p, Fault.throttle(8_000_000));
            paths.add(p);
        }
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String p = i < 4 ? paths.get(i) : paths.get(0);
            long seed = i;
            all.add(threads.submit(() -> {
                Random random = new Random(seed);
                try (SourceStream in = open(p)) {
                    for (int k = 0; k < 20; k++) {
                        long at = random.nextInt(SMALL - 4096);
                        assertArrayEquals(Arrays.copyOfRange(small, (int) at, (int) at + 4096), readAt(in, at, 4096));
                    }
                    assertArrayEquals(small, readAt(in, 0, SMALL));
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    @Test
    void downloadAndPlaybackEventsReachListeners() throws Exception {
        Recorder<KitharaEvent> events = new Recorder<>();
        try (Source source = files.open(StreamRequest.of(server.uri(path)));
             SourceStream in = new SourceStream(source, path, READ)) {
            source.addListener(events::accept);
            assertArrayEquals(small, in.readAllBytes());
            source.timeline().publishPlaybackPosition(Duration.ofSeconds(3));
        }
        events.await(e -> e instanceof KitharaEvent.DownloadProgress);
        events.await(e -> e instanceof KitharaEvent.DownloadComplete);
        events.await(new KitharaEvent.PlaybackProgress(Duration.ofSeconds(3), Optional.empty())::equals);
        String missing = "/gone/" + counter + ".mp3";
        server.serve(missing, small, "audio/mpeg").fault(missing, Fault.throttle(1_000_000), Fault.resetAfter(500_000).times(1));
        Recorder<KitharaEvent> errors = new Recorder<>();
        try (Source source = files.open(StreamRequest.of(server.uri(missing)));
             SourceStream in = new SourceStream(source, missing, READ)) {
            server.fault(missing, Fault.status(410)); // the retry after the drop finds the file gone
            source.addListener(errors::accept);
            SourceException e = assertThrows(SourceException.class, in::readAllBytes);
            assertEquals(SourceException.Reason.FAILED, e.reason());
        }
        errors.await(e -> e instanceof KitharaEvent.DownloadError);
    }

    @Test
    void theDownloadOfNoReaderEndsAndAFailedOpenIsForgotten() throws Exception {
        try (SourceStream in = open(path)) {
            readAt(in, 0, 10);
            assertEquals(1, downloader.stats().peers(), "one download while a reader reads");
        }
        awaitPeers(0);
        try (SourceStream again = open(path)) {
            assertArrayEquals(Arrays.copyOf(small, 10), readAt(again, 0, 10));
        }
        awaitPeers(0);
        // a 404 fails the open; the next open asks the server again instead of replaying the failure
        String flaky = "/music/flaky.flac";
        server.serve(flaky, small, "audio/flac").fault(flaky, Fault.status(404).times(1));
        assertThrows(IOException.class, () -> open(flaky));
        awaitPeers(0);
        try (SourceStream in = open(flaky)) {
            assertArrayEquals(Arrays.copyOf(small, 10), readAt(in, 0, 10));
        }
        assertEquals(2, server.requests(flaky).size(), server.requests(flaky).toString());
        assertTrue(cache.assets().stream().noneMatch(a -> a.bytes() == 0), "no empty asset: " + cache.assets());
    }

    /** Waits (up to 10 s) until the downloader has {@code count} peers. */
    private void awaitPeers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (downloader.stats().peers() != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, downloader.stats().peers(), "downloader peers");
    }
}
