package kithara.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.event.KitharaEvent;
import kithara.api.source.StreamType;
import kithara.testkit.Fault;
import kithara.testkit.FaultServer;

/**
 * The real corpus ladder (AAC 66/134/270 kbit/s and FLAC, fMP4) through the whole engine in Felix: bitrate
 * adaptation on a throttling loopback server switches AAC to FLAC and back, and the PCM stays on the same clock
 * across both codec changes; seeks in HLS are sample-accurate.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HlsIT {

    private static final long TIMEOUT_MS = 30_000;
    private static final int RATE = 44100;
    /** The corpus's AAC variants decode 1024 samples (the encoder's priming) later than its FLAC variant. */
    private static final int AAC_PRIMING = 1024;
    private static final int FLAC = 3;
    private static final Path CORPUS = Paths.get(System.getProperty("kithara.corpus", "")).resolve("hls");
    private static final Path FIXTURES = Paths.get(System.getProperty("kithara.testdata")).resolve("hls");

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configurationAdmin;

    private static boolean configured;
    private ServiceTracker<AudioService, AudioService> audio;
    private FaultServer server;

    @Configuration
    public Option[] config() {
        return LauncherBundleSet.options("org.eclipse.jetty.server", "kithara.testkit");
    }

    @Before
    public void setup() throws Exception {
        audio = new ServiceTracker<>(context, AudioService.class, null);
        audio.open();
        assertNotNull(audio.waitForService(TIMEOUT_MS));
        server = FaultServer.start();
        serve(FIXTURES, "/fx/");
        if (Files.isDirectory(CORPUS)) {
            serve(CORPUS, "/hls/");
            serve(CORPUS, "/abr/");
            serve(CORPUS, "/early/");
        }
        if (!configured) {
            configured = true;
            freshCache();
        }
    }

    private void serve(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                server.serve(prefix + f.getFileName(), Files.readAllBytes(f), "application/octet-stream");
            }
        }
    }

    private static void assumeCorpus() {
        assumeTrue("../shared/corpus absent: the HLS corpus tests are skipped", Files.isDirectory(CORPUS));
    }

    /**
     * A cache folder of our own, so that every segment comes over the network and is a throughput sample, and ABR
     * allowed to climb whatever the buffer (how fast this test reads must not decide when it switches).
     */
    private void freshCache() throws Exception {
        org.osgi.service.cm.Configuration abr = configurationAdmin.getConfiguration("kithara.protocol.hls", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("abr.upSwitchBufferSeconds", "0");
        abr.update(props);
        String root = Files.createTempDirectory("kithara-hls-it").toString();
        InContainer.pointCacheAt(configurationAdmin, Path.of(root));
        InContainer.awaitProtocolsOn(context, Path.of(root), "(&(kithara.protocol=hls)(abr.upSwitchBufferSeconds=0))", 1,
                audio::getService, List.of(ResourceRequest.of(server.uri("/fx/ts.m3u8"))), TIMEOUT_MS);
    }

    @After
    public void teardown() throws Exception {
        if (server != null) {
            server.close();
        }
        if (audio != null) {
            audio.close();
        }
    }

    private float[] decode(ResourceRequest request, List<KitharaEvent> events) throws IOException {
        try (Resource r = audio.getService().open(request)) {
            r.addListener(events::add);
            assertEquals(RATE, r.spec().sampleRate());
            return readAll(r);
        }
    }

    private static float[] readAll(Resource r) throws IOException {
        float[] all = new float[RATE * 2 * 80];
        int n = 0;
        for (int got = r.read(all, n, 8192); got >= 0; got = r.read(all, n, 8192)) {
            n += got;
            if (all.length - n < 8192) {
                all = Arrays.copyOf(all, all.length * 2);
            }
        }
        return Arrays.copyOf(all, n);
    }

    private float[] variant(int v) throws IOException {
        return decode(ResourceRequest.of(server.uri("/hls/master.m3u8")).withVariant(v), new ArrayList<>());
    }

    /** SNR in dB of {@code ours[from, from+frames)} against {@code ref} shifted by {@code lag} frames (stereo). */
    private static double snr(float[] ours, float[] ref, int from, int frames, int lag) {
        double signal = 0;
        double noise = 0;
        for (int i = from * 2; i < (from + frames) * 2; i++) {
            int j = i + lag * 2;
            if (j < 0 || j >= ref.length || i >= ours.length) {
                continue;
            }
            signal += ref[j] * (double) ref[j];
            noise += (ours[i] - ref[j]) * (double) (ours[i] - ref[j]);
        }
        return 10 * Math.log10(Math.max(signal, 1e-30) / Math.max(noise, 1e-30));
    }

    @Test
    public void switchesToFlacAndBackStayOnTheSameClock() throws Exception {
        assumeCorpus();
        for (int seg = 5; seg <= 12; seg++) {
            server.fault("/abr/segment-" + seg + "-slossless-a1.m4s", Fault.throttle(120_000)); // 960 kbit/s < FLAC's 988
        }
        List<KitharaEvent> events = new CopyOnWriteArrayList<>();
        float[] abr = decode(ResourceRequest.of(server.uri("/abr/master.m3u8")), events); // its own path: nothing cached
        float[][] refs = new float[4][];
        for (int v = 0; v < 4; v++) {
            refs[v] = variant(v);
        }
        List<KitharaEvent.VariantSwitched> switches = events.stream().filter(KitharaEvent.VariantSwitched.class::isInstance)
                .map(KitharaEvent.VariantSwitched.class::cast).filter(s -> s.from() != s.to()).toList();
        assertTrue("up to FLAC and down to AAC: " + switches, switches.size() >= 2 && switches.get(0).to() == FLAC
                && switches.get(switches.size() - 1).from() == FLAC);
        assertTrue(events.stream().anyMatch(e -> e instanceof KitharaEvent.FormatChanged));
        // the output is on the clock of the first variant (AAC, priming included): FLAC plays 1024 frames earlier
        int[] variantAt = new int[13];
        Arrays.fill(variantAt, switches.get(0).from());
        for (KitharaEvent.VariantSwitched s : switches) {
            for (int seg = (int) s.atSequence(); seg <= 12; seg++) {
                variantAt[seg] = s.to();
            }
        }
        int window = RATE / 10;
        for (int seg = 1; seg <= 12; seg++) {
            int v = variantAt[seg];
            int lag = v == FLAC ? -AAC_PRIMING : 0;
            int start = (seg - 1) * 6 * RATE + AAC_PRIMING;
            for (int from = start + window; from + window < start + 6 * RATE - window && from + window < abr.length / 2;
                 from += window) {
                double db = snr(abr, refs[v], from, window, lag);
                String where = "segment " + seg + " (variant " + v + ") at frame " + from + ": " + db + " dB";
                if (v == FLAC) {
                    assertTrue(where, db >= 120); // lossless: bit-exact
                } else {
                    // FFmpeg's AAC noise substitution (PNS) draws from a generator a new decoder restarts, so AAC after
                    // a switch is not bit-exact; its alignment is: one sample off is far worse than no offset
                    double neighbour = Math.max(snr(abr, refs[v], from, window, lag - 1), snr(abr, refs[v], from, window, lag + 1));
                    assertTrue(where + ", one sample off " + neighbour + " dB", db >= 20 && db >= neighbour + 6);
                }
            }
        }
        assertEquals("as long as a single variant", refs[0].length / 2.0, abr.length / 2.0, RATE * 0.05);
    }

    @Test
    public void playsAPeriodBeforeItsLaterSegmentsArrive() throws Exception {
        assumeCorpus();
        for (int seg = 3; seg <= 12; seg++) {
            server.fault("/early/segment-" + seg + "-slossless-a1.m4s", Fault.throttle(10_000)); // over a minute each
        }
        // the decoder reads the period in order: it must not need the fragments to come before its first PCM
        float[] head = new float[RATE * 2];
        try (Resource r = audio.getService().open(ResourceRequest.of(server.uri("/early/master.m3u8")).withVariant(FLAC))) {
            int n = 0;
            while (n < head.length) {
                int k = r.read(head, n, head.length - n);
                assertTrue(k > 0);
                n += k;
            }
        }
        assertArrayEquals(Arrays.copyOf(variant(FLAC), head.length), head, 0f);
    }

    @Test
    public void seeksInHlsAreSampleAccurate() throws Exception {
        assumeCorpus();
        float[] whole = variant(FLAC);
        Random random = new Random(7);
        try (Resource r = audio.getService().open(ResourceRequest.of(server.uri("/hls/master.m3u8")).withVariant(FLAC))) {
            for (int i = 0; i < 12; i++) {
                long frame = random.nextInt(70 * RATE);
                r.seek(Duration.ofNanos(frame * 1_000_000_000L / RATE + 1));
                float[] got = new float[4096 * 2];
                int n = 0;
                while (n < got.length) {
                    int k = r.read(got, n, got.length - n);
                    assertTrue(k > 0);
                    n += k;
                }
                int at = (int) frame * 2;
                assertArrayEquals("seek " + i + " to frame " + frame, Arrays.copyOfRange(whole, at, at + got.length), got, 0f);
            }
        }
    }

    /** A live window of the corpus's 66 kbit/s AAC segments {@code [first, last]} under /live/, reloaded every second. */
    private void serveLive(int first, int last, boolean ended) {
        StringBuilder p = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:" + first
                + "\n#EXT-X-MAP:URI=\"init-slq-a1.mp4\"\n");
        for (int i = first; i <= last; i++) {
            p.append("#EXTINF:6.000,\nsegment-").append(i).append("-slq-a1.m4s\n");
        }
        server.serve("/live/live.m3u8", p.append(ended ? "#EXT-X-ENDLIST\n" : "").toString().getBytes(),
                "application/vnd.apple.mpegurl");
    }

    private boolean requested(String path) throws InterruptedException {
        return InContainer.await(() -> !server.requests(path).isEmpty(), TIMEOUT_MS);
    }

    @Test
    public void aLiveStreamPlaysOnWhileItsPlaylistGrows() throws Exception {
        assumeCorpus();
        float[] vod = variant(0);
        serve(CORPUS, "/live/");
        serveLive(1, 3, false); // three target durations behind the edge: segment 3
        // the playlist grows as the stream fetches: the decoder's probing already waits for the next segment
        Thread publisher = new Thread(() -> {
            try {
                if (requested("/live/segment-3-slq-a1.m4s")) {
                    serveLive(2, 6, false);
                }
                if (requested("/live/segment-6-slq-a1.m4s")) {
                    serveLive(4, 8, true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        publisher.start();
        float[] live;
        try (Resource r = audio.getService().open(ResourceRequest.of(server.uri("/live/live.m3u8")))) {
            live = readAll(r);
        } finally {
            publisher.join(TIMEOUT_MS);
        }
        assertTrue("nothing before the live start is fetched", server.requests("/live/segment-2-slq-a1.m4s").isEmpty());
        assertEquals("segments 3 to 8: 36 s", 36.0, live.length / 2.0 / RATE, 0.1);
        // the live decode starts at segment 3, whose first frame is frame 529408 of a decode from the start (its tfdt)
        int start = 529_408;
        int window = RATE / 10;
        for (int from = RATE; from + window < live.length / 2; from += 3 * RATE) { // after the first second: no pre-roll there
            int best = start;
            for (int lag = start - 1100; lag <= start + 1100; lag++) { // a priming mistake would be 1024 off
                if (snr(live, vod, from, window, lag) > snr(live, vod, from, window, best)) {
                    best = lag;
                }
            }
            double db = snr(live, vod, from, window, start);
            assertTrue("live at frame " + from + ": " + db + " dB, best lag " + best, best == start && db >= 10);
        }
    }

    @Test
    public void mp3AndTransportStreamSegmentsDecodeLikeTheFileTheyWereCutFrom() throws Exception {
        for (String kind : List.of("mp3", "ts")) {
            Path joined = Files.createTempFile("kithara-joined", "." + kind);
            try (Stream<Path> files = Files.list(FIXTURES)) {
                List<Path> parts = files.filter(f -> f.getFileName().toString().matches(kind + "-\\d+\\." + kind))
                        .sorted((a, b) -> Integer.compare(number(a), number(b))).toList();
                for (Path p : parts) {
                    Files.write(joined, Files.readAllBytes(p), StandardOpenOption.APPEND);
                }
            }
            // one decoder for both (FFmpeg), so that only the stitching is compared
            float[] whole = decode(ResourceRequest.of(joined.toUri()).withDecoder("ffmpeg"), new ArrayList<>());
            float[] streamed = decode(ResourceRequest.of(server.uri("/fx/" + kind + ".m3u8")).withDecoder("ffmpeg"),
                    new ArrayList<>());
            assertTrue(kind + " decodes", whole.length > RATE);
            assertArrayEquals(kind + " segments", whole, streamed, 0f);
            Files.delete(joined);
        }
    }

    /**
     * A playlist at a URL without .m3u8 is found by its first bytes and played from the bytes fetched for that: the
     * playlist is requested once, and after a redirect its relative URIs resolve against where it came from.
     */
    @Test
    public void aPlaylistFoundByItsFirstBytesIsFetchedOnce() throws Exception {
        server.serve("/fx/radio", Files.readAllBytes(FIXTURES.resolve("ts.m3u8")), "application/octet-stream");
        server.fault("/go/radio", Fault.redirect("/fx/ts.m3u8")); // once: a second request would get a 404
        float[] direct = decode(ResourceRequest.of(server.uri("/fx/ts.m3u8")).withDecoder("ffmpeg"), new ArrayList<>());
        int directRequests = server.requests("/fx/ts.m3u8").size();

        float[] sniffed = decode(ResourceRequest.of(server.uri("/fx/radio")).withDecoder("ffmpeg"), new ArrayList<>());
        assertEquals("requests for the playlist", 1, server.requests("/fx/radio").size());
        assertArrayEquals(direct, sniffed, 0f);

        float[] redirected = decode(ResourceRequest.of(server.uri("/go/radio")).withDecoder("ffmpeg"), new ArrayList<>());
        assertEquals("requests for the redirecting URL", 1, server.requests("/go/radio").size());
        assertEquals("requests for the playlist it redirects to", directRequests + 1, server.requests("/fx/ts.m3u8").size());
        assertArrayEquals(direct, redirected, 0f);
    }

    private static int number(Path segment) {
        String name = segment.getFileName().toString();
        return Integer.parseInt(name.substring(name.indexOf('-') + 1, name.indexOf('.')));
    }
}
