package kithara.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.decode.DecoderProvider;
import kithara.api.event.KitharaEvent;

/**
 * Hot swap between the platform decoder (GStreamer) and FFmpeg inside Felix. By default GStreamer's software decoders
 * rank below FFmpeg, which decodes new resources, and GStreamer takes over when FFmpeg goes away. Ranked above it by
 * configuration, new resources take the platform decoder; stopping its bundle while four resources decode moves each to FFmpeg at its position without an error
 * and without a gap; starting it again makes new resources use it; stopping FFmpeg leaves streams on the platform
 * decoder alone. Skipped, with the reason, where GStreamer is not installed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformDecoderIT {

    private static final long TIMEOUT_MS = 30_000;
    private static final int RATE = 44100;
    private static final int PREFERRED = 20;
    private static final int SOFTWARE_RANKING = -10;

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configurationAdmin;

    private AudioService audio;
    private boolean present;

    @Configuration
    public Option[] config() {
        return LauncherBundleSet.options();
    }

    /**
     * GStreamer's decoders are software ones and rank below FFmpeg by default; these tests rank the platform decoder
     * above FFmpeg first (configuration), so that new resources take it and the swaps can be watched.
     */
    @Before
    public void platformDecoderPresentAndPreferred() throws Exception {
        ServiceTracker<AudioService, AudioService> tracker = new ServiceTracker<>(context, AudioService.class, null);
        tracker.open();
        audio = tracker.waitForService(TIMEOUT_MS);
        assertNotNull(audio);
        present = InContainer.await(() -> registered("gstreamer"), 5_000);
        assumeTrue("no platform decoder registered here (GStreamer and its plugins are not installed): skipped", present);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("ranking", PREFERRED);
        configurationAdmin.getConfiguration("kithara.decoder.hw", "?").update(props);
        assertTrue("ranked above FFmpeg", InContainer.await(() -> ranking("gstreamer") == PREFERRED, TIMEOUT_MS));
    }

    @After
    public void defaultRanking() throws Exception {
        if (!present) {
            return;
        }
        configurationAdmin.getConfiguration("kithara.decoder.hw", "?").delete();
        assertTrue("back to its default rank", InContainer.await(() -> ranking("gstreamer") == SOFTWARE_RANKING, TIMEOUT_MS));
    }

    @Test
    public void byDefaultItRanksBelowFfmpegSaysWhyAndDecodesWhenFfmpegGoesAway() throws Exception {
        defaultRanking();
        ServiceReference<DecoderProvider> gst = context.getServiceReferences(DecoderProvider.class,
                "(" + DecoderProvider.NAME + "=gstreamer)").iterator().next();
        assertEquals(Boolean.FALSE, gst.getProperty(DecoderProvider.HARDWARE));
        String reason = String.valueOf(gst.getProperty(DecoderProvider.RANKING_REASON));
        assertTrue(reason, reason.contains("software decoders") && reason.contains("below FFmpeg"));
        try (Resource r = audio.open(fixture("sine523-4s.flac"))) {
            assertEquals("FFmpeg decodes by default", "ffmpeg", audio.openResources().get(0).decoder());
        }
        Bundle ffmpeg = bundle("kithara.decoder.ffmpeg");
        float[] reference = decodeAll(fixture("sine523-4s.flac"));
        try (Resource r = audio.open(fixture("sine523-4s.flac"))) {
            float[] head = first(r, RATE);
            ffmpeg.stop();
            assertArrayEquals("GStreamer takes over on the same timeline", reference, rest(r, head), 0f);
        } finally {
            ffmpeg.start();
        }
        assertTrue(InContainer.await(() -> bound("ffmpeg"), TIMEOUT_MS));
    }

    private boolean registered(String name) {
        try {
            return !context.getServiceReferences(DecoderProvider.class, "(" + DecoderProvider.NAME + "=" + name + ")").isEmpty();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Bundle bundle(String name) {
        return Arrays.stream(context.getBundles()).filter(b -> name.equals(b.getSymbolicName())).findFirst().orElseThrow();
    }

    private static ResourceRequest fixture(String name) {
        return ResourceRequest.of(Paths.get(System.getProperty("kithara.testdata")).resolve(name).toUri());
    }

    private float[] decodeAll(ResourceRequest request) throws IOException {
        try (Resource r = audio.open(request)) {
            return rest(r, new float[0]);
        }
    }

    private static float[] rest(Resource r, float[] already) throws IOException {
        float[] all = Arrays.copyOf(already, already.length + RATE * 2 * 6);
        int n = already.length;
        float[] buf = new float[4096];
        for (int got = r.read(buf); got >= 0; got = r.read(buf)) {
            System.arraycopy(buf, 0, all, n, got);
            n += got;
        }
        return Arrays.copyOf(all, n);
    }

    private static float[] first(Resource r, int samples) throws IOException {
        float[] out = new float[samples];
        int n = 0;
        while (n < samples) {
            int got = r.read(out, n, samples - n);
            assertTrue(got > 0);
            n += got;
        }
        return out;
    }

    @Test
    public void stoppingThePlatformBundleMovesFourStreamsToFfmpegWithoutAGap() throws Exception {
        float[] reference = decodeAll(fixture("sine523-4s.flac").withDecoder("ffmpeg"));
        List<Resource> open = new ArrayList<>();
        List<KitharaEvent> events = new CopyOnWriteArrayList<>();
        List<float[]> heads = new ArrayList<>();
        Bundle hw = bundle("kithara.decoder.hw");
        try {
            for (int i = 0; i < 4; i++) {
                Resource r = audio.open(fixture("sine523-4s.flac"));
                r.addListener(events::add);
                open.add(r);
                heads.add(first(r, RATE / 2 * 2 * (i + 1) / 2)); // each stopped at a different point
            }
            assertTrue(audio.openResources().stream().allMatch(s -> s.decoder().equals("gstreamer")));
            hw.stop();
            for (int i = 0; i < 4; i++) {
                float[] all = rest(open.get(i), heads.get(i));
                assertEquals("stream " + i + " has the reference's length", reference.length, all.length);
                assertArrayEquals("stream " + i + " equals FFmpeg's decode, across the swap", reference, all, 0f);
            }
            assertTrue(events.toString(), events.stream().filter(KitharaEvent.DecoderChanged.class::isInstance).count() == 4);
        } finally {
            for (Resource r : open) {
                r.close();
            }
            hw.start();
        }
        assertTrue("the platform decoder registers again", InContainer.await(() -> bound("gstreamer"), TIMEOUT_MS));
        try (Resource r = audio.open(fixture("sine523-4s.flac"))) {
            assertEquals("new resources use it again", "gstreamer", audio.openResources().get(0).decoder());
        }
    }

    /**
     * AAC is lossy, and GStreamer's libav is not the FFmpeg build of the FFmpeg bundle: the two differ in the last
     * bits. On the same timeline they match at over 50 dB (one sample off is about 24 dB).
     */
    @Test
    public void anAacFileSwapsToFfmpegOnTheSameTimeline() throws Exception {
        float[] reference = decodeAll(fixture("sine440-2s.m4a").withDecoder("ffmpeg"));
        Bundle hw = bundle("kithara.decoder.hw");
        try (Resource r = audio.open(fixture("sine440-2s.m4a"))) {
            assertEquals("gstreamer", audio.openResources().get(0).decoder());
            float[] head = first(r, RATE / 2 * 2);
            hw.stop();
            float[] all = rest(r, head);
            assertEquals("no gap, no overlap", reference.length, all.length);
            double before = snr(reference, all, 0, head.length);
            assertTrue("GStreamer's, the edit list applied as FFmpeg applies it: " + before + " dB", before >= 50);
            double after = snr(reference, all, head.length, all.length);
            assertTrue("FFmpeg's after the swap, where its AAC state converges: " + after + " dB", after >= 50);
        } finally {
            hw.start();
        }
        assertTrue(InContainer.await(() -> bound("gstreamer"), TIMEOUT_MS));
    }

    private static double snr(float[] reference, float[] got, int from, int to) {
        double signal = 0;
        double noise = 0;
        for (int i = from; i < to; i++) {
            signal += reference[i] * (double) reference[i];
            noise += (got[i] - reference[i]) * (double) (got[i] - reference[i]);
        }
        return 10 * Math.log10(signal / Math.max(noise, 1e-30));
    }

    @Test
    public void stoppingFfmpegChangesNothingForStreamsOnThePlatformDecoder() throws Exception {
        float[] reference = decodeAll(fixture("sine523-4s.mp3").withDecoder("gstreamer"));
        Bundle ffmpeg = bundle("kithara.decoder.ffmpeg");
        try (Resource a = audio.open(fixture("sine523-4s.mp3")); Resource b = audio.open(fixture("sine523-4s.mp3"))) {
            float[] headA = first(a, RATE);
            float[] headB = first(b, RATE / 3 * 2);
            ffmpeg.stop();
            assertArrayEquals(reference, rest(a, headA), 0f);
            assertArrayEquals(reference, rest(b, headB), 0f);
        } finally {
            ffmpeg.start();
        }
        assertTrue(InContainer.await(() -> bound("ffmpeg"), TIMEOUT_MS));
    }

    @Test
    public void configurationDisablesItOrChangesItsRanking() throws Exception {
        org.osgi.service.cm.Configuration cfg = configurationAdmin.getConfiguration("kithara.decoder.hw", "?");
        try {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("ranking", 42);
            cfg.update(props);
            assertTrue("re-registered with ranking 42", InContainer.await(() -> ranking("gstreamer") == 42, TIMEOUT_MS));
            props.put("enabled", false);
            cfg.update(props);
            assertTrue("unregistered when disabled", InContainer.await(() -> !registered("gstreamer"), TIMEOUT_MS));
            try (Resource r = audio.open(fixture("sine523-4s.flac"))) {
                assertEquals("FFmpeg decodes without it", "ffmpeg", audio.openResources().get(0).decoder());
            }
        } finally {
            cfg.delete();
        }
        assertTrue(InContainer.await(() -> ranking("gstreamer") == SOFTWARE_RANKING, TIMEOUT_MS));
    }

    /**
     * The ranking of the provider the audio service holds, or -1. A registration is visible a moment before the audio
     * service has bound it: a test that opens a resource right after seeing it registered could find no provider.
     */
    private int ranking(String name) {
        try {
            for (ServiceReference<DecoderProvider> ref : context.getServiceReferences(DecoderProvider.class,
                    "(" + DecoderProvider.NAME + "=" + name + ")")) {
                Bundle[] users = ref.getUsingBundles();
                if (users != null && Arrays.stream(users).anyMatch(b -> "kithara.audio".equals(b.getSymbolicName()))) {
                    return (Integer) ref.getProperty(org.osgi.framework.Constants.SERVICE_RANKING);
                }
            }
            return -1;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Whether the audio service holds the provider (see {@link #ranking}). */
    private boolean bound(String name) {
        return ranking(name) != -1;
    }
}
