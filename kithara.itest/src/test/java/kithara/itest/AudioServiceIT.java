package kithara.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderException;
import kithara.api.decode.DecoderInput;
import kithara.api.decode.DecoderProvider;
import kithara.api.event.EventTopics;
import kithara.api.event.KitharaEvent;
import kithara.api.media.MediaInfo;

/** The audio pipeline inside Felix, from a path to PCM, with the real file protocol, FFmpeg and swresample. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AudioServiceIT {

    private static final long TIMEOUT_MS = 30_000;

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configurationAdmin;

    private static boolean configured;
    private ServiceTracker<AudioService, AudioService> audio;

    @Configuration
    public Option[] config() {
        return LauncherBundleSet.options();
    }

    /** Points the cache at a temporary folder once, and waits until the file protocol restarted on it. */
    @Before
    public void setup() throws Exception {
        audio = new ServiceTracker<>(context, AudioService.class, null);
        audio.open();
        assertNotNull(audio.waitForService(TIMEOUT_MS));
        if (configured) {
            return;
        }
        configured = true;
        String root = Files.createTempDirectory("kithara-audio-it").toString();
        InContainer.pointCacheAt(configurationAdmin, Path.of(root));
        InContainer.awaitProtocolsOn(context, Path.of(root), "(kithara.protocol=file)", 1, audio::getService,
                List.of(ResourceRequest.of(fixture("sine1k-1s.flac"))), TIMEOUT_MS);
    }

    @After
    public void teardown() {
        audio.close();
    }

    private static Path fixture(String name) {
        return Paths.get(System.getProperty("kithara.testdata")).resolve(name);
    }

    private static float[] readAll(Resource r) throws IOException {
        float[] all = new float[0];
        float[] buf = new float[4096];
        for (int n = r.read(buf); n >= 0; n = r.read(buf)) {
            all = Arrays.copyOf(all, all.length + n);
            System.arraycopy(buf, 0, all, all.length - n, n);
        }
        return all;
    }

    private AudioService service() {
        return audio.getService();
    }

    @Test
    public void aPathBecomesPcmWithEventsToListenersAndEventAdmin() throws Exception {
        List<KitharaEvent> typed = new CopyOnWriteArrayList<>();
        List<String> topics = new CopyOnWriteArrayList<>();
        Map<String, Object> formatProperties = new ConcurrentHashMap<>();
        Dictionary<String, Object> handlerProps = new Hashtable<>();
        handlerProps.put(EventConstants.EVENT_TOPIC, EventTopics.PREFIX + "*");
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, e -> {
            if (e.getTopic().equals(EventTopics.FORMAT_DETECTED)) {
                for (String name : e.getPropertyNames()) {
                    formatProperties.put(name, e.getProperty(name));
                }
            }
            topics.add(e.getTopic());
        }, handlerProps);
        try (Resource r = service().open(ResourceRequest.of(fixture("sine440-2s.m4a")))) {
            r.addListener(typed::add);
            assertEquals(44100, r.spec().sampleRate());
            assertEquals(2, r.spec().channels());
            float[] pcm = readAll(r);
            assertEquals(88200 * 2, pcm.length);
            assertTrue(r.isEof());
            assertEquals(Duration.ofSeconds(2), r.position());
        } finally {
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (!topics.contains(EventTopics.END_OF_STREAM) && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            handler.unregister();
        }
        assertTrue(typed.toString(), typed.stream().anyMatch(e -> e instanceof KitharaEvent.EndOfStream));
        assertTrue(topics.toString(), topics.contains(EventTopics.FORMAT_DETECTED) && topics.contains(EventTopics.END_OF_STREAM));
        // issue 19: plain properties, readable without Kithara's classes
        assertEquals(formatProperties.toString(), "FormatDetected", formatProperties.get(EventTopics.TYPE));
        assertEquals(formatProperties.toString(), 44100, formatProperties.get("output.sampleRate"));
        assertEquals(formatProperties.toString(), "AAC_LC", formatProperties.get("media.codec"));
        for (Map.Entry<String, Object> p : formatProperties.entrySet()) {
            Object v = p.getValue();
            assertTrue(p.getKey() + " is a " + v.getClass(), v instanceof String || v instanceof Number
                    || v instanceof Boolean || v instanceof String[]);
        }
    }

    @Test
    public void outputIsResampledMixedAndGained() throws Exception {
        float[] reference;
        try (Resource r = service().open(ResourceRequest.of(fixture("sine1k-1s.flac")))) {
            reference = readAll(r);
        }
        try (Resource r = service().open(ResourceRequest.of(fixture("sine1k-1s.flac")).withSampleRate(48000).withChannels(1)
                .withGain(0.5f))) {
            assertEquals(48000, r.spec().sampleRate());
            assertEquals(1, r.spec().channels());
            float[] pcm = readAll(r);
            assertEquals(48000, pcm.length, 2);
            float peakIn = 0;
            float peakOut = 0;
            for (float v : reference) {
                peakIn = Math.max(peakIn, Math.abs(v));
            }
            for (float v : pcm) {
                peakOut = Math.max(peakOut, Math.abs(v));
            }
            assertEquals(peakIn / 2, peakOut, 0.02);
        }
    }

    @Test
    public void seekingIsSampleAccurateAndNothingFromBeforeTheSeekIsRead() throws Exception {
        float[] whole;
        try (Resource r = service().open(ResourceRequest.of(fixture("sine440-2s.m4a")))) {
            whole = readAll(r);
        }
        try (Resource r = service().open(ResourceRequest.of(fixture("sine440-2s.m4a")))) {
            float[] some = new float[1000];
            r.read(some);
            r.seek(Duration.ofMillis(1500));
            assertEquals(Duration.ofMillis(1500), r.position());
            float[] rest = readAll(r);
            int from = 66150 * 2;
            assertArrayEquals(Arrays.copyOfRange(whole, from, whole.length), rest, 0f);
            r.seek(Duration.ZERO);
            assertArrayEquals(whole, readAll(r), 0f);
        }
    }

    @Test
    public void aFailingProviderFallsBackAndAVanishingOneIsReplacedMidStream() throws Exception {
        DecoderProvider ffmpeg = context.getService(context.getServiceReferences(DecoderProvider.class,
                "(" + DecoderProvider.NAME + "=ffmpeg)").iterator().next());
        Hashtable<String, Object> broken = new Hashtable<>();
        broken.put(DecoderProvider.NAME, "broken");
        broken.put(Constants.SERVICE_RANKING, 200);
        ServiceRegistration<DecoderProvider> brokenReg = context.registerService(DecoderProvider.class, new DecoderProvider() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public boolean supports(MediaInfo info) {
                return true;
            }

            @Override
            public Decoder open(DecoderInput input, MediaInfo hint) throws IOException {
                input.close();
                throw new DecoderException(DecoderException.Reason.NATIVE, input.describe(), "any", "always broken", null);
            }
        }, broken);
        Hashtable<String, Object> proxy = new Hashtable<>();
        proxy.put(DecoderProvider.NAME, "proxy");
        proxy.put(Constants.SERVICE_RANKING, 100);
        ServiceRegistration<DecoderProvider> proxyReg = context.registerService(DecoderProvider.class, new DecoderProvider() {
            @Override
            public String name() {
                return "proxy";
            }

            @Override
            public boolean supports(MediaInfo info) {
                return true;
            }

            @Override
            public Decoder open(DecoderInput input, MediaInfo hint) throws IOException {
                return ffmpeg.open(input, hint);
            }
        }, proxy);
        float[] reference;
        List<KitharaEvent> events = new CopyOnWriteArrayList<>();
        // the platform decoder, where installed, would come after the proxy: this test is about the fall back to FFmpeg
        Optional<Bundle> platform = Arrays.stream(context.getBundles())
                .filter(b -> "kithara.decoder.hw".equals(b.getSymbolicName())).findFirst();
        if (platform.isPresent()) {
            platform.get().stop();
        }
        try {
            try (Resource r = service().open(ResourceRequest.of(fixture("sine440-2s.m4a")))) {
                reference = readAll(r);
            }
            try (Resource r = service().open(ResourceRequest.of(fixture("sine440-2s.m4a")))) {
                r.addListener(events::add);
                float[] first = new float[44100];
                int n = 0;
                while (n < first.length) {
                    n += r.read(first, n, first.length - n);
                }
                proxyReg.unregister();
                proxyReg = null;
                float[] rest = readAll(r);
                float[] joined = Arrays.copyOf(first, first.length + rest.length);
                System.arraycopy(rest, 0, joined, first.length, rest.length);
                assertArrayEquals("no exception, no gap, no overlap", reference, joined, 0f);
            }
        } finally {
            brokenReg.unregister();
            if (proxyReg != null) {
                proxyReg.unregister();
            }
            if (platform.isPresent()) {
                platform.get().start();
            }
        }
        assertTrue(events.toString(), events.stream().anyMatch(e -> e instanceof KitharaEvent.DecoderChanged c
                && c.to().equals("ffmpeg") && c.from().equals(java.util.Optional.of("proxy"))
                && c.position().compareTo(Duration.ofMillis(400)) > 0));
    }

    @Test
    public void closingEndsTheWorkerThread() throws Exception {
        Resource r = service().open(ResourceRequest.of(fixture("sine440-2s.m4a")));
        r.read(new float[100]);
        r.close();
        assertEquals(List.of(), InContainer.awaitThreadsGone(TIMEOUT_MS, "kithara-decode-"));
        assertEquals(-1, r.read(new float[10]));
    }
}
