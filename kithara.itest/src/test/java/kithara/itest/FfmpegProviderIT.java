package kithara.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderInput;
import kithara.api.decode.DecoderProvider;
import kithara.api.decode.PcmChunk;
import kithara.api.dsp.ResampleQuality;
import kithara.api.dsp.Resampler;
import kithara.api.dsp.ResamplerSession;
import kithara.api.media.PcmSpec;
import kithara.api.media.AudioCodec;
import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;
import kithara.stream.io.SourceStream;
import kithara.stream.storage.FileDriver;
import kithara.stream.storage.StorageResource;
import kithara.stream.storage.StorageSource;

/** FFmpeg loads inside the framework, decodes through our AVIO callbacks, and follows its bundle's life. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FfmpegProviderIT {

    private static final long SERVICE_TIMEOUT_MS = 30_000;

    @Inject
    BundleContext context;

    private ServiceTracker<DecoderProvider, DecoderProvider> ffmpeg;

    @Configuration
    public Option[] config() {
        return LauncherBundleSet.options();
    }

    /** Tracks the ffmpeg provider once FFmpeg has loaded: it names its library then (the load runs in the background). */
    @Before
    public void trackFfmpeg() throws Exception {
        ffmpeg = new ServiceTracker<>(context, FrameworkUtil.createFilter("(&(objectClass="
                + DecoderProvider.class.getName() + ")(" + DecoderProvider.NAME + "=ffmpeg)(" + DecoderProvider.LIBRARY
                + "=*))"), null);
        ffmpeg.open();
    }

    @After
    public void closeTracker() {
        ffmpeg.close();
    }

    /** Opens a fixture the way local files are read: in place, through kithara.stream's SourceStream. */
    private static DecoderInput fixture(String name) throws IOException {
        Path path = Paths.get(System.getProperty("kithara.testdata")).resolve(name);
        StorageResource storage = StorageResource.complete(path.toString(), FileDriver.readOnly(path), Files.size(path));
        return new SourceStream(StorageSource.complete(storage, MediaInfo.UNKNOWN), path.toString(), Duration.ofSeconds(10));
    }

    @Test
    public void providerIsRegisteredWithItsLibraryVersion() throws Exception {
        assertNotNull("ffmpeg provider", ffmpeg.waitForService(SERVICE_TIMEOUT_MS));
        ServiceReference<DecoderProvider> ref = ffmpeg.getServiceReference();
        assertEquals(Boolean.FALSE, ref.getProperty(DecoderProvider.HARDWARE));
        assertEquals(0, ref.getProperty(Constants.SERVICE_RANKING));
        String library = (String) ref.getProperty(DecoderProvider.LIBRARY);
        assertTrue(library, library.startsWith("FFmpeg 8.0.1") && library.endsWith("JavaCPP 1.5.13"));
        assertTrue(Arrays.asList((String[]) ref.getProperty(DecoderProvider.CODECS)).contains("HE_AAC_V2"));
        assertTrue(ffmpeg.getService().supports(MediaInfo.UNKNOWN.withCodec(AudioCodec.FLAC)));
    }

    @Test
    public void theSwresampleResamplerIsRegisteredAndConverts() throws Exception {
        ServiceTracker<Resampler, Resampler> resamplers = new ServiceTracker<>(context, Resampler.class, null);
        resamplers.open();
        try {
            Resampler resampler = resamplers.waitForService(SERVICE_TIMEOUT_MS);
            assertNotNull(resampler);
            assertEquals("swresample", resamplers.getServiceReference().getProperty("kithara.resampler.name"));
            try (ResamplerSession s = resampler.open(PcmSpec.of(44100, 2), PcmSpec.of(48000, 1), ResampleQuality.HIGH)) {
                float[] in = new float[2 * 44100];
                s.process(new PcmChunk(PcmSpec.of(44100, 2), 0, in, 44100));
                long frames = s.flush().map(PcmChunk::endFrame).orElse(0L);
                assertEquals(48000, frames, 2);
            }
        } finally {
            resamplers.close();
        }
    }

    @Test
    public void nativesAreExtractedIntoAFolderNamedAfterTheJavaCppVersion() throws Exception {
        assertNotNull(ffmpeg.waitForService(SERVICE_TIMEOUT_MS));
        Path cache = Paths.get(System.getProperty("org.bytedeco.javacpp.cachedir"));
        assertEquals("javacpp-1.5.13", cache.getFileName().toString());
        try (Stream<Path> files = Files.walk(cache)) {
            assertTrue("libavcodec extracted under " + cache,
                    files.anyMatch(p -> p.getFileName().toString().startsWith("libavcodec")));
        }
    }

    @Test
    public void decodesTheAacFixtureInsideTheContainer() throws Exception {
        DecoderProvider provider = ffmpeg.waitForService(SERVICE_TIMEOUT_MS);
        for (MediaInfo hint : new MediaInfo[] {MediaInfo.UNKNOWN, MediaInfo.UNKNOWN.withContainer(ContainerFormat.MP4)}) {
            PcmStats stats = new PcmStats();
            try (Decoder decoder = provider.open(fixture("sine440-2s.m4a"), hint)) {
                assertEquals(Optional.of(AudioCodec.AAC_LC), decoder.mediaInfo().codec());
                for (Optional<PcmChunk> c = decoder.next(); c.isPresent(); c = decoder.next()) {
                    stats.accept(c.get());
                }
            }
            assertEquals(44100, stats.sampleRate());
            assertEquals(2, stats.channels());
            assertEquals("2 s exactly: encoder delay and padding removed", 88200, stats.frames());
            assertEquals(440.0, stats.frequencyOfFirstChannel(), 2.0);
        }
    }

    @Test
    public void stoppingTheBundleUnregistersTheProviderAndStartingRegistersItAgain() throws Exception {
        assertNotNull(ffmpeg.waitForService(SERVICE_TIMEOUT_MS));
        Bundle bundle = FrameworkUtil.getBundle(ffmpeg.getService().getClass());
        assertEquals("kithara.decoder.ffmpeg", bundle.getSymbolicName());
        bundle.stop();
        try {
            assertNull("unregistered when the bundle stops", ffmpeg.getServiceReference());
            assertFalse(Arrays.stream(context.getBundles()).anyMatch(b -> b.getRegisteredServices() != null
                    && b.getSymbolicName().equals("kithara.decoder.ffmpeg")));
        } finally {
            bundle.start();
        }
        DecoderProvider again = ffmpeg.waitForService(SERVICE_TIMEOUT_MS);
        assertNotNull("registered again when the bundle starts", again);
        try (Decoder decoder = again.open(fixture("sine1k-1s.flac"), MediaInfo.UNKNOWN)) {
            assertTrue(decoder.next().isPresent());
        }
    }

    /** Decodes nothing by itself: sums frames and counts channel 0's zero crossings. */
    private static final class PcmStats {
        private long frames;
        private long crossings;
        private float previous;
        private int sampleRate;
        private int channels;

        void accept(PcmChunk chunk) throws IOException {
            sampleRate = chunk.spec().sampleRate();
            channels = chunk.spec().channels();
            float[] s = chunk.samples();
            for (int i = 0; i < chunk.frames(); i++) {
                float v = s[i * channels];
                if ((v >= 0) != (previous >= 0)) {
                    crossings++;
                }
                previous = v;
            }
            frames += chunk.frames();
        }

        long frames() {
            return frames;
        }

        int sampleRate() {
            return sampleRate;
        }

        int channels() {
            return channels;
        }

        double frequencyOfFirstChannel() {
            return crossings / 2.0 / ((double) frames / sampleRate);
        }
    }
}
