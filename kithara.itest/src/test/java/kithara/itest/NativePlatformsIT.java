package kithara.itest;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

import kithara.paxexam.KitharaOptions;

/**
 * FFmpeg's natives resolve per platform: Felix, told the OS name and processor Java reports on each desktop platform,
 * resolves the bundles {@link KitharaOptions} provisions, and exactly that platform's natives fragment attaches to the
 * decoder bundle; on a platform without natives none does and the decoder bundle still resolves (its provider then
 * withdraws itself, saying why).
 */
public class NativePlatformsIT {

    private static final String NATIVES = "kithara.decoder.ffmpeg.natives.";

    @Test
    public void eachDesktopPlatformResolvesItsOwnNativesOnly() throws Exception {
        assertEquals(List.of(NATIVES + "linux-x86_64"), resolvedNatives("Linux", "amd64"));
        assertEquals(List.of(NATIVES + "linux-arm64"), resolvedNatives("Linux", "aarch64"));
        assertEquals(List.of(NATIVES + "macosx-x86_64"), resolvedNatives("Mac OS X", "x86_64"));
        assertEquals(List.of(NATIVES + "macosx-arm64"), resolvedNatives("Mac OS X", "aarch64"));
        assertEquals(List.of(NATIVES + "windows-x86_64"), resolvedNatives("Windows 11", "amd64"));
    }

    @Test
    public void aPlatformWithoutNativesResolvesNoneAndTheDecoderBundleStillResolves() throws Exception {
        assertEquals(List.of(), resolvedNatives("Linux", "ppc64le"));
    }

    /**
     * Resolves every bundle in a framework that believes it runs on this OS and processor; returns the natives
     * fragments that resolved, after checking that everything else did.
     */
    private static List<String> resolvedNatives(String osName, String processor) throws Exception {
        Path storage = Files.createTempDirectory("kithara-natives-");
        Framework framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_OS_NAME, osName,
                Constants.FRAMEWORK_PROCESSOR, processor));
        try {
            framework.init();
            Path folder = Paths.get(System.getProperty("kithara.bundles"));
            List<Path> jars = new ArrayList<>(KitharaOptions.jarsIn(folder));
            jars.add(folder.resolve("slf4j-simple-2.0.17.jar")); // slf4j-api resolves with a provider only
            List<Bundle> bundles = new ArrayList<>();
            for (Path jar : jars) {
                try (InputStream in = Files.newInputStream(jar)) {
                    bundles.add(framework.getBundleContext().installBundle(jar.toUri().toString(), in));
                }
            }
            framework.adapt(FrameworkWiring.class).resolveBundles(null);
            List<String> natives = new ArrayList<>();
            for (Bundle bundle : bundles) {
                boolean resolved = bundle.getState() == Bundle.RESOLVED;
                if (bundle.getSymbolicName().startsWith(NATIVES)) {
                    if (resolved) {
                        natives.add(bundle.getSymbolicName());
                    }
                } else {
                    assertEquals(bundle.getSymbolicName() + " resolves on " + osName + " " + processor, Bundle.RESOLVED,
                            bundle.getState());
                }
            }
            return natives;
        } finally {
            framework.stop();
            framework.waitForStop(30_000);
            deleteTree(storage);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
