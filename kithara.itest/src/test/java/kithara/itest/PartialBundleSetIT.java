package kithara.itest;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Paths;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.decode.DecoderException;
import kithara.api.source.SourceException;

/**
 * Running with only some bundles works and says what is missing: here without the HLS protocol and without any
 * decoder, an HLS playlist gets "no stream type for this URI" and a file gets "no decoder for" its codec.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PartialBundleSetIT {

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return LauncherBundleSet.optionsWithout(List.of("kithara.protocol.hls", "kithara.decoder.ffmpeg", "kithara.decoder.hw"));
    }

    private AudioService audio() throws InterruptedException {
        ServiceTracker<AudioService, AudioService> tracker = new ServiceTracker<>(context, AudioService.class, null);
        tracker.open();
        AudioService audio = tracker.waitForService(30_000);
        assertNotNull("the AudioService runs without HLS and FFmpeg", audio);
        return audio;
    }

    @Test
    public void withoutTheHlsBundleAPlaylistHasNoStreamType() throws Exception {
        try (Resource r = audio().open(ResourceRequest.of(URI.create("http://127.0.0.1:9/live/master.m3u8")))) {
            fail("opened " + r);
        } catch (SourceException e) {
            assertTrue(e.getMessage(), String.valueOf(e.getCause()).contains("no stream type for this URI")
                    && e.getMessage().contains("master.m3u8"));
        }
    }

    @Test
    public void withoutADecoderAFileNamesItsCodec() throws Exception {
        URI fixture = Paths.get(System.getProperty("kithara.testdata"), "sine1k-1s.flac").toUri();
        try (Resource r = audio().open(ResourceRequest.of(fixture))) {
            fail("opened " + r);
        } catch (DecoderException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no decoder for flac"));
        } catch (IOException e) {
            throw new AssertionError("expected a DecoderException, got " + e, e);
        }
    }
}
