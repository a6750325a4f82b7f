package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kithara.api.event.KitharaEvent;
import kithara.api.source.FormatPeriod;
import kithara.api.source.ReadOutcome;
import kithara.api.source.SeekAnchor;
import kithara.api.source.Source;
import kithara.api.source.SourceException;
import kithara.api.source.StreamRequest;
import kithara.stream.cache.AssetKey;
import kithara.stream.cache.AssetLease;
import kithara.stream.cache.internal.AssetCache;
import kithara.stream.download.HttpDownloader;
import kithara.stream.http.HttpTransport;
import kithara.stream.http.TransportConfig;
import kithara.stream.io.SourceStream;
import kithara.testkit.Fault;
import kithara.testkit.FaultServer;
import kithara.testkit.Recorder;

/**
 * The stitched HLS stream on synthetic ladders served from loopback: segments of random bytes, so every byte read
 * can be checked against what the playlist names. Seeks, concurrency, live playlists, discontinuities, gaps,
 * AES-128 keys, variant switches and the cache.
 */
class HlsStreamTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String MPEGURL = "application/vnd.apple.mpegurl";

    private FaultServer server;
    private HttpDownloader downloader;
    private HlsStreamType hls;
    private final Random random = new Random(8216);

    @BeforeEach
    void start() throws Exception {
        server = FaultServer.start();
        downloader = new HttpDownloader(new HttpTransport(TransportConfig.DEFAULT), 6);
        hls = HlsTesting.protocol(downloader);
    }

    @AfterEach
    void stop() throws Exception {
        hls.deactivate();
        downloader.close();
        server.close();
    }

    /** Serves {@code count} segments of random bytes named {@code prefix-N.m4s}; returns their bytes. */
    private List<byte[]> segments(String prefix, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[10_000 + random.nextInt(50_000)];
            random.nextBytes(b);
            server.serve("/" + prefix + "-" + i + ".m4s", b, "video/iso.segment");
            out.add(b);
        }
        return out;
    }

    private byte[] init(String prefix) {
        byte[] b = new byte[700];
        random.nextBytes(b);
        server.serve("/" + prefix + "-init.mp4", b, "video/mp4");
        return b;
    }

    /** A VOD media playlist of {@code count} two-second segments, with an init section. */
    private static String vod(String prefix, int count, boolean endList) {
        StringBuilder p = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\"" + prefix + "-init.mp4\"\n");
        for (int i = 0; i < count; i++) {
            p.append("#EXTINF:2.0,\n").append(prefix).append('-').append(i).append(".m4s\n");
        }
        return p.append(endList ? "#EXT-X-ENDLIST\n" : "").toString();
    }

    private static byte[] join(byte[] init, List<byte[]> parts, int from, int to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (init != null) {
            out.write(init);
        }
        for (int i = from; i < to; i++) {
            out.write(parts.get(i));
        }
        return out.toByteArray();
    }

    private Source open(String path, Map<String, String> headers) throws IOException {
        return hls.open(new StreamRequest(server.uri(path), headers, Optional.empty(), Optional.empty()));
    }

    private static byte[] readAll(Source source, long from) throws IOException {
        SourceStream in = new SourceStream(source, "test", DEADLINE);
        in.seek(from);
        return in.readAllBytes();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void theCallersHeadersGoOnlyToThePlaylistsOriginAndRelativeUrisFollowRedirects() throws Exception {
        try (FaultServer cdn = FaultServer.start()) {
            // the playlist names its init and segments on another origin (another port), and a key at home
            byte[] init = new byte[700];
            random.nextBytes(init);
            cdn.serve("/x/c-init.mp4", init, "video/mp4");
            List<byte[]> segs = new ArrayList<>();
            StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\""
                    + cdn.uri("/x/c-init.mp4") + "\"\n");
            for (int i = 0; i < 3; i++) {
                byte[] b = new byte[20_000];
                random.nextBytes(b);
                cdn.serve("/x/c-" + i + ".m4s", b, "video/iso.segment");
                segs.add(b);
                playlist.append("#EXTINF:2.0,\n").append(cdn.uri("/x/c-" + i + ".m4s")).append('\n');
            }
            server.serve("/cross.m3u8", playlist.append("#EXT-X-ENDLIST\n").toString().getBytes(), MPEGURL);
            Map<String, String> secrets = Map.of("Authorization", "Bearer s3cret", "X-Api-Key", "k3y");
            try (Source source = open("/cross.m3u8", secrets)) {
                assertArrayEquals(join(init, segs, 0, 3), readAll(source, 0));
            }
            assertEquals("Bearer s3cret", server.requests("/cross.m3u8").get(0).headers().get("authorization"));
            for (var r : cdn.requests()) {
                assertTrue(!r.headers().containsKey("authorization") && !r.headers().containsKey("x-api-key"),
                        "another origin got the caller's headers: " + r + " " + r.headers());
            }
            // a playlist behind a redirect to the other origin: its relative URIs resolve there, not at home
            cdn.serve("/x/moved.m3u8", vod("c", 3, true).getBytes(), MPEGURL);
            server.serve("/moved.m3u8", new byte[0], "text/plain").fault("/moved.m3u8",
                    Fault.redirect(cdn.uri("/x/moved.m3u8").toString()));
            try (Source source = open("/moved.m3u8", Map.of())) {
                assertArrayEquals(join(init, segs, 0, 3), readAll(source, 0));
            }
        }
    }

    @Test
    void aMasterOfManyVariantsLoadsOnlyTheFirstAndItsNeighbours() throws Exception {
        byte[] init = init("m");
        List<byte[]> segs = segments("m", 3);
        serveMaster("/many.m3u8", "m", 100, 1000);
        try (Source source = open("/many.m3u8", Map.of())) {
            await(() -> variantLoads() >= 2, "the first variant and a neighbour");
            assertTrue(variantLoads() <= 3, "only the first variant and its neighbours: " + variantLoads());
            assertArrayEquals(join(init, segs, 0, 3), readAll(source, 0));
        }
    }

    @Test
    void aMasterOfThreeThousandVariantsPlaysItsFirstOnesAfterAHandfulOfLoads() throws Exception {
        byte[] init = init("t");
        List<byte[]> segs = segments("t", 3);
        serveMaster("/huge.m3u8", "t", 3000, 1);
        try (Source source = open("/huge.m3u8", Map.of())) {
            assertArrayEquals(join(init, segs, 0, 3), readAll(source, 0));
            assertTrue(variantLoads() <= 3, "only the first variant and its neighbours: " + variantLoads());
        }
    }

    /**
     * Serves a master of {@code variants} variants {@code v0.m3u8}... (bandwidths {@code step} apart), each the VOD
     * playlist of {@code prefix}'s three segments; only those under the parser's cap are served.
     */
    private void serveMaster(String path, String prefix, int variants, int step) {
        StringBuilder master = new StringBuilder("#EXTM3U\n");
        for (int i = 0; i < variants; i++) {
            master.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(100_000 + step * i).append(",CODECS=\"mp4a.40.2\"\nv")
                    .append(i).append(".m3u8\n");
            if (i < PlaylistParser.MAX_VARIANTS) {
                server.serve("/v" + i + ".m3u8", vod(prefix, 3, true).getBytes(), MPEGURL);
            }
        }
        server.serve(path, master.toString().getBytes(), MPEGURL);
    }

    private long variantLoads() {
        return server.requests().stream().filter(r -> r.path().matches("/v\\d+\\.m3u8")).count();
    }

    @Test
    void fiveHundredRandomSeeksReadExactlyTheSegmentsFromTheAnchor() throws Exception {
        byte[] init = init("s");
        List<byte[]> segs = segments("s", 20);
        server.serve("/s.m3u8", vod("s", 20, true).getBytes(), MPEGURL);
        try (Source source = open("/s.m3u8", Map.of())) {
            SourceStream in = new SourceStream(source, "seeks", DEADLINE);
            for (int i = 0; i < 500; i++) {
                Duration t = Duration.ofMillis(random.nextInt(40_000));
                SeekAnchor anchor = source.seekAnchor(t).orElseThrow();
                int expectedSegment = (int) (t.toMillis() / 2000);
                if (t.toMillis() % 2000 < 500 && expectedSegment > 0) {
                    expectedSegment--; // pre-roll: a time near a segment's start begins one earlier
                }
                assertEquals(expectedSegment, anchor.segment().getAsLong(), "segment for " + t);
                assertEquals(Duration.ofSeconds(2L * expectedSegment), anchor.anchorTime());
                FormatPeriod period = source.periodAt(anchor.byteOffset()).orElseThrow();
                assertEquals(anchor.byteOffset(), period.byteStart());
                byte[] expected = join(init, segs, expectedSegment, Math.min(20, expectedSegment + 2));
                byte[] got = new byte[expected.length];
                in.seek(anchor.byteOffset());
                int n = 0;
                while (n < got.length) {
                    int r = in.read(got, n, got.length - n);
                    assertTrue(r > 0, "bytes end early after seek " + i);
                    n += r;
                }
                assertArrayEquals(expected, got, "seek " + i + " to " + t);
            }
        }
    }

    @Test
    void segmentsPlayedTenSecondsAgoAreReleasedSoThatALongStreamDoesNotHoldAll() throws Exception {
        byte[] init = init("long");
        List<byte[]> segs = segments("long", 120);
        server.serve("/long.m3u8", vod("long", 120, true).getBytes(), MPEGURL);
        try (Source source = open("/long.m3u8", Map.of())) {
            assertArrayEquals(join(init, segs, 0, 120), readAll(source, 0), "read in order, every byte");
            long all = source.timeline().bufferedRanges().stream().mapToLong(r -> r.length()).sum();
            source.timeline().publishPlaybackPosition(Duration.ofSeconds(200)); // segments 0-93 ended before 190 s
            long held = source.timeline().bufferedRanges().stream().mapToLong(r -> r.length()).sum();
            assertEquals(join(null, segs, 94, 120).length, held, "only what ended less than 10 s ago is held, of " + all);
            SourceException e = assertThrows(SourceException.class,
                    () -> source.readAt(init.length + 10, ByteBuffer.allocate(10)));
            assertTrue(String.valueOf(e.getCause()).contains("released"), String.valueOf(e.getCause()));
            assertEquals(init.length, source.readAt(0, ByteBuffer.allocate(init.length)) instanceof ReadOutcome.Bytes b
                    ? b.count() : -1, "the init section is kept");
        }
    }

    @Test
    void periodsPlayedAndReleasedAreForgottenSoThatAStreamOfDiscontinuitiesDoesNotHoldThemAll() throws Exception {
        byte[] init = init("many");
        List<byte[]> segs = segments("many", 100);
        // a discontinuity before every segment: a period each, as ad breaks make on a live stream
        server.serve("/many.m3u8", vod("many", 100, true).replace("#EXTINF", "#EXT-X-DISCONTINUITY\n#EXTINF")
                .getBytes(), MPEGURL);
        try (Source source = open("/many.m3u8", Map.of())) {
            List<byte[]> periods = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                periods.add(join(init, segs, i, i + 1));
            }
            assertArrayEquals(join(null, periods, 0, 100), readAll(source, 0));
            source.timeline().publishPlaybackPosition(Duration.ofSeconds(200)); // segments 0-93 ended before 190 s
            int held = ((HlsStream) source).heldPeriods();
            assertTrue(held <= 7, "periods held after playing 100: " + held);
            SourceException e = assertThrows(SourceException.class, () -> source.readAt(10, ByteBuffer.allocate(10)));
            assertTrue(String.valueOf(e.getCause()).contains("released"), String.valueOf(e.getCause()));
            long lastStart = join(null, periods, 0, 99).length;
            assertArrayEquals(periods.get(99), readAll(source, lastStart), "the last period still reads");
        }
    }

    @Test
    void playbackPositionsArePublishedAsProgressAndTheDownloadAsBufferedMedia() throws Exception {
        init("p");
        segments("p", 6);
        server.serve("/p.m3u8", vod("p", 6, true).getBytes(), MPEGURL);
        try (Source source = open("/p.m3u8", Map.of())) {
            BlockingQueue<KitharaEvent> events = new LinkedBlockingQueue<>();
            source.addListener(events::add);
            readAll(source, 0);
            source.timeline().publishPlaybackPosition(Duration.ofSeconds(3));
            List<KitharaEvent> seen = new ArrayList<>();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (seen.stream().noneMatch(KitharaEvent.PlaybackProgress.class::isInstance) && System.nanoTime() < deadline) {
                KitharaEvent e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e != null) {
                    seen.add(e);
                }
            }
            assertTrue(seen.contains(new KitharaEvent.PlaybackProgress(Duration.ofSeconds(3), Optional.empty())), seen.toString());
            assertTrue(seen.contains(new KitharaEvent.MediaBuffered(server.uri("/p.m3u8"), Duration.ofSeconds(12))),
                    "the whole stream downloaded, as a lasting state: " + seen);
        }
    }

    @Test
    void eightConcurrentStreamsEachReadTheirOwnBytes() throws Exception {
        List<byte[]> expected = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            byte[] init = init("c" + s);
            List<byte[]> segs = segments("c" + s, 6);
            server.serve("/c" + s + ".m3u8", vod("c" + s, 6, true).getBytes(), MPEGURL);
            expected.add(join(init, segs, 0, 6));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                String path = "/c" + s + ".m3u8";
                results.add(pool.submit(() -> {
                    try (Source source = open(path, Map.of())) {
                        return readAll(source, 0);
                    }
                }));
            }
            for (int s = 0; s < 8; s++) {
                assertArrayEquals(expected.get(s), results.get(s).get(), "stream " + s);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLivePlaylistStartsBehindTheEdgeAndIsFollowedAcrossReloads() throws Exception {
        List<byte[]> segs = segments("l", 10);
        server.serve("/l-init.mp4", new byte[0], "video/mp4");
        server.serve("/live.m3u8", live(0, 6, false).getBytes(), MPEGURL);
        try (Source source = open("/live.m3u8", Map.of())) {
            assertTrue(source.length().isEmpty(), "a live stream has no length");
            List<byte[]> got = new CopyOnWriteArrayList<>();
            List<IOException> failed = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try {
                    got.add(readAll(source, 0));
                } catch (IOException e) {
                    failed.add(e);
                }
            });
            reader.start();
            await(() -> !server.requests("/l-5.m4s").isEmpty(), "the live edge fetched");
            server.serve("/live.m3u8", live(2, 8, false).getBytes(), MPEGURL); // the window slides: 0 and 1 leave
            await(() -> !server.requests("/l-7.m4s").isEmpty(), "a new segment fetched after a reload");
            server.serve("/live.m3u8", live(4, 10, true).getBytes(), MPEGURL);
            reader.join(DEADLINE.toMillis());
            assertFalse(reader.isAlive(), () -> "the reader still waits; requests: " + server.requests());
            assertEquals(List.of(), failed);
            assertArrayEquals(join(null, segs, 3, 10), got.get(0), "three target durations behind the edge, then on to the end");
            assertTrue(server.requests("/l-2.m4s").isEmpty(), "nothing before the start is fetched");
        }
    }

    /** A live window of one-second segments {@code [from, to)}; the init section is empty. */
    private static String live(int from, int to, boolean ended) {
        StringBuilder p = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:" + from
                + "\n#EXT-X-MAP:URI=\"l-init.mp4\"\n");
        for (int i = from; i < to; i++) {
            p.append("#EXTINF:1.0,\nl-").append(i).append(".m4s\n");
        }
        return p.append(ended ? "#EXT-X-ENDLIST\n" : "").toString();
    }

    @Test
    void aDiscontinuityStartsAPeriodWhoseTimestampsDoNotContinue() throws Exception {
        byte[] init = init("d");
        List<byte[]> segs = segments("d", 4);
        server.serve("/d.m3u8", vod("d", 4, true).replace("#EXTINF:2.0,\nd-2", "#EXT-X-DISCONTINUITY\n#EXTINF:2.0,\nd-2")
                .replace("#EXTINF:2.0,\nd-1", "#EXT-X-GAP\n#EXTINF:2.0,\nd-1").getBytes(), MPEGURL);
        try (Source source = open("/d.m3u8", Map.of())) {
            byte[] all = readAll(source, 0);
            byte[] first = join(init, segs, 0, 1);
            assertArrayEquals(join(null, List.of(first, join(init, segs, 2, 4)), 0, 2), all,
                    "the GAP segment is skipped; the init section opens the new period again");
            FormatPeriod second = source.periodAt(first.length).orElseThrow();
            assertEquals(first.length, second.byteStart());
            assertFalse(second.continuous());
            assertEquals(Duration.ofSeconds(4), second.start());
            assertTrue(source.periodAt(0).orElseThrow().continuous());
            assertTrue(server.requests("/d-1.m4s").isEmpty(), "a GAP segment is never fetched");
        }
    }

    @Test
    void keysAreFetchedOncePerUriAndAWrongKeyNamesTheSegment() throws Exception {
        byte[] key = new byte[16];
        random.nextBytes(key);
        byte[] rotated = new byte[16];
        random.nextBytes(rotated);
        List<byte[]> plain = new ArrayList<>();
        StringBuilder p = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-KEY:METHOD=AES-128,URI=k.key\n");
        for (int i = 0; i < 6; i++) {
            byte[] b = new byte[5000 + random.nextInt(5000)];
            random.nextBytes(b);
            plain.add(b);
            if (i == 4) {
                p.append("#EXT-X-KEY:METHOD=AES-128,URI=\"k2.key\",IV=0x000102030405060708090A0B0C0D0E0F\n");
            }
            byte[] iv = i < 4 ? Aes128.sequenceIv(i) : HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F");
            server.serve("/e-" + i + ".ts", encrypt(b, i < 4 ? key : rotated, iv), "video/mp2t");
            p.append("#EXTINF:2.0,\ne-").append(i).append(".ts\n");
        }
        server.serve("/e.m3u8", p.append("#EXT-X-ENDLIST\n").toString().getBytes(), MPEGURL);
        server.serve("/k.key", key, "application/octet-stream");
        server.serve("/k2.key", rotated, "application/octet-stream");
        try (Source source = open("/e.m3u8", Map.of())) {
            assertArrayEquals(join(null, plain, 0, 6), readAll(source, 0),
                    "decrypted with the sequence-number IV, then with the rotated key and its explicit IV");
        }
        assertEquals(1, server.requests("/k.key").size(), "one key fetch for four segments");
        assertEquals(1, server.requests("/k2.key").size(), "the rotated key fetched once too");
        byte[] wrong = key.clone();
        wrong[0] ^= 1;
        server.serve("/k.key", wrong, "application/octet-stream");
        HlsStreamType fresh = HlsTesting.protocol(downloader);
        try (Source source = fresh.open(StreamRequest.of(server.uri("/e.m3u8")))) {
            SourceException e = assertThrows(SourceException.class, () -> readAll(source, 0));
            assertTrue(String.valueOf(e.getMessage()).contains("e-0.ts") || String.valueOf(e.getCause()).contains("e-0.ts"),
                    "names the segment: " + e + " / " + e.getCause());
        } finally {
            fresh.deactivate();
        }
    }

    private static byte[] encrypt(byte[] plain, byte[] key, byte[] iv) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return c.doFinal(plain);
    }

    @Test
    void aSwitchOpensAPeriodOneSegmentEarlierInTheNewVariant() throws Exception {
        byte[] lowInit = init("lo");
        List<byte[]> low = segments("lo", 12);
        byte[] highInit = init("hi");
        List<byte[]> high = segments("hi", 12);
        server.serve("/lo.m3u8", vod("lo", 12, true).getBytes(), MPEGURL);
        server.serve("/hi.m3u8", vod("hi", 12, true).getBytes(), MPEGURL);
        server.serve("/ladder.m3u8", ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=20000,CODECS=\"mp4a.40.2\"\nlo.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=90000,CODECS=\"fLaC\"\nhi.m3u8\n").getBytes(), MPEGURL);
        HlsStreamType slowStart = new HlsStreamType(downloader, Optional.empty(), AbrSettings.DEFAULTS,
                new FetchPlanner.Limits(1, Duration.ofSeconds(30), 8L << 20), PlaylistTrust.Settings.STRICT);
        Recorder<KitharaEvent> events = new Recorder<>();
        try (Source source = slowStart.open(StreamRequest.of(server.uri("/ladder.m3u8")))) {
            source.addListener(events::accept);
            byte[] all = readAll(source, 0);
            List<KitharaEvent.VariantSwitched> switches = events.all().stream().filter(KitharaEvent.VariantSwitched.class::isInstance)
                    .map(KitharaEvent.VariantSwitched.class::cast).filter(s -> s.from() != s.to()).toList();
            assertEquals(1, switches.size(), "one switch up on a fast server: " + switches);
            int at = (int) switches.get(0).atSequence();
            assertEquals(1, switches.get(0).to());
            byte[] expected = join(null, List.of(join(lowInit, low, 0, at), join(highInit, high, at - 1, 12)), 0, 2);
            assertArrayEquals(expected, all, "switch at segment " + at);
            FormatPeriod second = source.periodAt(join(lowInit, low, 0, at).length).orElseThrow();
            assertTrue(second.continuous());
            assertEquals(Duration.ofSeconds(2L * (at - 1)), second.start(), "the pre-roll segment starts the period");
            assertEquals(Optional.of(kithara.api.media.AudioCodec.FLAC), second.media().codec());
            events.await(KitharaEvent.VariantsDiscovered.class::isInstance);
        } finally {
            slowStart.deactivate();
        }
    }

    @Test
    void aStalledOrResetSegmentIsRetriedAndAMissingOneFailsNamingIt() throws Exception {
        byte[] init = init("f");
        List<byte[]> segs = segments("f", 4);
        server.serve("/f.m3u8", vod("f", 4, true).getBytes(), MPEGURL);
        HttpDownloader impatient = new HttpDownloader(new HttpTransport(TransportConfig.DEFAULT
                .withIdleTimeout(Duration.ofMillis(300))), 6);
        HlsStreamType quick = HlsTesting.protocol(impatient);
        try {
            server.fault("/f-1.m4s", Fault.stall(2000, Duration.ofSeconds(3)).times(1));
            server.fault("/f-2.m4s", Fault.resetAfter(3000).times(1));
            try (Source source = quick.open(StreamRequest.of(server.uri("/f.m3u8")))) {
                assertArrayEquals(join(init, segs, 0, 4), readAll(source, 0), "retried from where each attempt stopped");
            }
            server.fault("/f-3.m4s", Fault.status(404));
            try (Source source = quick.open(StreamRequest.of(server.uri("/f.m3u8")))) {
                SourceException e = assertThrows(SourceException.class, () -> readAll(source, 0));
                assertTrue(String.valueOf(e.getCause()).contains("f-3.m4s"), "names the segment: " + e.getCause());
            }
        } finally {
            quick.deactivate();
            impatient.close();
        }
    }

    @Test
    void aFlatLowBandwidthOnTheThrottlingServerHoldsTheLowestVariant() throws Exception {
        byte[] lowInit = init("tl");
        List<byte[]> low = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] b = new byte[25_000]; // 2 s at 100 kbit/s
            random.nextBytes(b);
            server.serve("/tl-" + i + ".m4s", b, "video/iso.segment");
            server.fault("/tl-" + i + ".m4s", Fault.throttle(20_000)); // 160 kbit/s
            low.add(b);
        }
        init("th");
        segments("th", 5);
        server.serve("/tl.m3u8", vod("tl", 5, true).getBytes(), MPEGURL);
        server.serve("/th.m3u8", vod("th", 5, true).getBytes(), MPEGURL);
        server.serve("/throttled.m3u8", ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=100000\ntl.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=800000\nth.m3u8\n").getBytes(), MPEGURL);
        Recorder<KitharaEvent> events = new Recorder<>();
        try (Source source = open("/throttled.m3u8", Map.of())) {
            source.addListener(events::accept);
            assertArrayEquals(join(lowInit, low, 0, 5), readAll(source, 0), "the 100 kbit/s variant throughout");
        }
        events.await(e -> e instanceof KitharaEvent.ThroughputSample t && t.estimateBitsPerSecond() < 400_000);
        assertTrue(events.all().stream().noneMatch(e -> e instanceof KitharaEvent.VariantSwitched v && v.from() != v.to()),
                "no switch at 160 kbit/s: " + events);
        assertTrue(server.requests("/th-0.m4s").isEmpty());
    }

    /** Serves {@code count} one-second segments of {@code bytes} bytes each, throttled per segment by {@code rate}. */
    private void throttledSegments(String prefix, int count, int bytes, IntUnaryOperator rate) {
        init(prefix);
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[bytes];
            random.nextBytes(b);
            server.serve("/" + prefix + "-" + i + ".m4s", b, "video/iso.segment");
            server.fault("/" + prefix + "-" + i + ".m4s", Fault.throttle(rate.applyAsInt(i)));
        }
        server.serve("/" + prefix + ".m3u8", vod(prefix, count, true).replace("#EXTINF:2.0,", "#EXTINF:1.0,").getBytes(), MPEGURL);
    }

    @Test
    void aDropOnTheThrottlingServerSwitchesDownWithinTwoSegmentsAndRecoverySwitchesBackUp() throws Exception {
        throttledSegments("dl", 24, 50_000, i -> 500_000); // 400 kbit/s variant, served at 4 Mbit/s
        throttledSegments("dh", 24, 200_000, i -> i >= 6 && i <= 8 ? 50_000 : 2_000_000); // 1.6 Mbit/s variant: 400 kbit/s for 6-8
        server.serve("/drop.m3u8", ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=400000\ndl.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=1600000\ndh.m3u8\n").getBytes(), MPEGURL);
        // quick averages and a short minimum interval, so that the scenario fits in a few seconds
        AbrSettings quick = new AbrSettings(-1, 0, 0.8, 0.15, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofMillis(500), 16 * 1024);
        HlsStreamType abr = new HlsStreamType(downloader, Optional.empty(), quick, new FetchPlanner.Limits(1, Duration.ofSeconds(30), 8L << 20),
                PlaylistTrust.Settings.STRICT);
        List<KitharaEvent.VariantSwitched> switches = new CopyOnWriteArrayList<>();
        try (Source source = abr.open(StreamRequest.of(server.uri("/drop.m3u8")))) {
            source.addListener(e -> {
                if (e instanceof KitharaEvent.VariantSwitched v && v.from() != v.to()) {
                    switches.add(v);
                }
            });
            readAll(source, 0);
        } finally {
            abr.deactivate();
        }
        assertTrue(switches.size() >= 3, "up, down, up again: " + switches);
        assertEquals(1, switches.get(0).to(), "a high bandwidth reaches the top: " + switches);
        assertEquals(0, switches.get(1).to(), "the drop switches down: " + switches);
        assertTrue(switches.get(1).atSequence() <= 6 + 2, "within two segments of the first slow one: " + switches);
        assertEquals(1, switches.get(2).to(), "recovery switches back up: " + switches);
    }

    @Test
    void aStreamPlayedOnceReplaysWithTheServerGone() throws Exception {
        byte[] init = init("r");
        List<byte[]> segs = segments("r", 5);
        server.serve("/r.m3u8", vod("r", 5, true).getBytes(), MPEGURL);
        try (AssetCache cache = AssetCache.inMemory(1L << 30, 100, true)) {
            HlsStreamType cached = new HlsStreamType(downloader, Optional.of(cache), AbrSettings.DEFAULTS, HlsTesting.FETCHING,
                    PlaylistTrust.Settings.STRICT);
            var uri = server.uri("/r.m3u8");
            try (Source source = cached.open(StreamRequest.of(uri))) {
                assertArrayEquals(join(init, segs, 0, 5), readAll(source, 0));
            }
            server.close();
            try (Source source = cached.open(StreamRequest.of(uri))) {
                assertArrayEquals(join(init, segs, 0, 5), readAll(source, 0), "playlist and segments from the cache");
            } finally {
                cached.deactivate();
            }
        }
    }

    /** A segment goes into the cache as its body arrives: its first bytes are stored while the rest is held back. */
    @Test
    void segmentsStreamIntoTheCacheAsTheyArrive(@TempDir Path root) throws Exception {
        byte[] init = init("w");
        List<byte[]> segs = segments("w", 3);
        server.serve("/w.m3u8", vod("w", 3, true).getBytes(), MPEGURL);
        server.fault("/w-1.m4s", Fault.stall(4_000, Duration.ofSeconds(4)));
        try (AssetCache cache = AssetCache.onDisk(root, 1L << 30, 100, true)) {
            HlsStreamType cached = new HlsStreamType(downloader, Optional.of(cache), AbrSettings.DEFAULTS, HlsTesting.FETCHING,
                    PlaylistTrust.Settings.STRICT);
            AssetKey stalled = cache.key(server.uri("/w.m3u8"), server.uri("/w-1.m4s").toString());
            try (Source source = cached.open(StreamRequest.of(server.uri("/w.m3u8")))) {
                await(() -> {
                    try (AssetLease lease = cache.open(stalled)) {
                        return !lease.isCommitted() && !lease.storage().presentRanges().isEmpty();
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }, "the stalled segment's first bytes in the cache before its end arrived");
                assertArrayEquals(join(init, segs, 0, 3), readAll(source, 0));
                await(() -> {
                    try (AssetLease lease = cache.open(stalled)) {
                        return lease.isCommitted();
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }, "the stalled segment committed once its end arrived (the reader may have had its bytes a moment before)");
            } finally {
                cached.deactivate();
            }
            try (AssetLease lease = cache.open(stalled)) {
                assertTrue(lease.isCommitted(), "still committed after the stream closed");
                assertEquals(segs.get(1).length, lease.storage().length().orElse(-1));
            }
        }
    }

    /**
     * A stream pins its parts while it plays: fetched and not yet read, they survive another stream filling a cache
     * far smaller than both (their files are not held open in between).
     */
    @Test
    void aPlayingStreamKeepsItsFetchedSegmentsWhileAnotherFillsTheCache(@TempDir Path root) throws Exception {
        byte[] initA = init("pa");
        List<byte[]> segsA = segments("pa", 4);
        byte[] initB = init("pb");
        List<byte[]> segsB = segments("pb", 4);
        server.serve("/pa.m3u8", vod("pa", 4, true).getBytes(), MPEGURL);
        server.serve("/pb.m3u8", vod("pb", 4, true).getBytes(), MPEGURL);
        try (AssetCache cache = AssetCache.onDisk(root, 1_000, 100, true)) {
            HlsStreamType cached = new HlsStreamType(downloader, Optional.of(cache), AbrSettings.DEFAULTS, HlsTesting.FETCHING,
                    PlaylistTrust.Settings.STRICT);
            try (Source a = cached.open(StreamRequest.of(server.uri("/pa.m3u8")))) {
                await(() -> a.length().isPresent(), "every segment of the first stream fetched");
                try (Source b = cached.open(StreamRequest.of(server.uri("/pb.m3u8")))) {
                    assertArrayEquals(join(initB, segsB, 0, 4), readAll(b, 0));
                }
                assertArrayEquals(join(initA, segsA, 0, 4), readAll(a, 0), "read from the cache after the other stream");
            } finally {
                cached.deactivate();
            }
        }
    }

    @Test
    void aRedirectedPlaylistReplaysFromTheCacheAgainstTheUrlItCameFrom() throws Exception {
        try (FaultServer cdn = FaultServer.start(); AssetCache cache = AssetCache.inMemory(1L << 30, 100, true)) {
            byte[] init = new byte[700];
            random.nextBytes(init);
            cdn.serve("/x/c-init.mp4", init, "video/mp4");
            List<byte[]> segs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] b = new byte[20_000];
                random.nextBytes(b);
                cdn.serve("/x/c-" + i + ".m4s", b, "video/iso.segment");
                segs.add(b);
            }
            cdn.serve("/x/moved.m3u8", vod("c", 3, true).getBytes(), MPEGURL);
            server.serve("/moved.m3u8", new byte[0], "text/plain").fault("/moved.m3u8",
                    Fault.redirect(cdn.uri("/x/moved.m3u8").toString()));
            HlsStreamType cached = new HlsStreamType(downloader, Optional.of(cache), AbrSettings.DEFAULTS, HlsTesting.FETCHING,
                    PlaylistTrust.Settings.STRICT);
            URI moved = server.uri("/moved.m3u8");
            try {
                try (Source source = cached.open(StreamRequest.of(moved))) {
                    assertArrayEquals(join(init, segs, 0, 3), readAll(source, 0));
                }
                cdn.close();
                server.close();
                try (Source source = cached.open(StreamRequest.of(moved))) {
                    assertArrayEquals(join(init, segs, 0, 3), readAll(source, 0),
                            "the cached playlist's relative URIs name the segments cached from the other origin");
                }
            } finally {
                cached.deactivate();
            }
        }
    }

}
