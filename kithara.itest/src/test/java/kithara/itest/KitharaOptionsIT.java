package kithara.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Path;
import java.nio.file.Paths;

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
import org.osgi.framework.Constants;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.paxexam.KitharaOptions;

/**
 * A user's own Pax Exam test: the container holds what {@link KitharaOptions} provisions, an SLF4J provider and JUnit,
 * nothing of the command line, and the engine decodes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KitharaOptionsIT {

    @Inject
    BundleContext context;

    @Inject
    AudioService audio;

    @Configuration
    public Option[] config() {
        Path folder = Paths.get(System.getProperty("kithara.bundles"));
        return options(KitharaOptions.fromFolder(folder),
                bundle(folder.resolve("slf4j-simple-2.0.17.jar").toUri().toString()),
                junitBundles(),
                systemProperty("kithara.testdata").value(System.getProperty("kithara.testdata")),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"));
    }

    @Test
    public void everyBundleIsActiveAndNoneOfTheCommandLineIsThere() {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                assertEquals(bundle.getSymbolicName(), Bundle.ACTIVE, bundle.getState());
            }
            assertNull("the command line's bundles are not provisioned",
                    "kithara.launcher".equals(bundle.getSymbolicName()) ? bundle : null);
        }
    }

    @Test
    public void theAudioServiceDecodesAFile() throws Exception {
        Path flac = Paths.get(System.getProperty("kithara.testdata")).resolve("sine1k-1s.flac");
        try (Resource resource = audio.open(ResourceRequest.of(flac))) {
            assertEquals("FFmpeg decodes: this platform's natives attached to its bundle", "ffmpeg",
                    audio.openResources().get(0).decoder());
            int channels = resource.spec().channels();
            float[] pcm = new float[4096 * channels];
            long samples = 0;
            for (int n; (n = resource.read(pcm)) >= 0; ) {
                samples += n;
            }
            assertEquals(44_100, samples / channels);
        }
    }
}
