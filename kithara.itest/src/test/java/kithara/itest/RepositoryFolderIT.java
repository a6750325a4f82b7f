package kithara.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The bundle folder Eclipse RCP users point a target platform at ({@code kithara.repository/target/repository}) holds
 * runtime bundles only, and they resolve on their own in the framework of this run (Equinox, as in Eclipse, and Felix):
 * every bundle, and of FFmpeg's natives exactly this platform's.
 */
public class RepositoryFolderIT {

    /** JavaCPP's name of the platform this runs on. */
    private static String thisPlatform() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch");
        return (os.startsWith("mac") ? "macosx" : os.startsWith("windows") ? "windows" : "linux") + "-"
                + (arch.equals("aarch64") ? "arm64" : "x86_64");
    }

    @Test
    public void theFolderHoldsBundlesOnlyAndTheyResolveAlone() throws Exception {
        File[] jars = new File(System.getProperty("kithara.repository")).listFiles((d, n) -> n.endsWith(".jar"));
        assertNotNull("the repository folder is built (kithara.repository)", jars);
        for (File jar : jars) {
            assertNotNull(jar.getName() + " is a bundle", LauncherBundleSet.symbolicName(jar));
        }
        Path storage = Files.createTempDirectory("kithara-repository-");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next()
                .newFramework(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString()));
        try {
            framework.init();
            List<Bundle> bundles = new ArrayList<>();
            for (File jar : jars) {
                try (InputStream in = Files.newInputStream(jar.toPath())) {
                    bundles.add(framework.getBundleContext().installBundle(jar.toURI().toString(), in));
                }
            }
            framework.adapt(FrameworkWiring.class).resolveBundles(null);
            List<String> natives = new ArrayList<>();
            for (Bundle bundle : bundles) {
                if (bundle.getSymbolicName().startsWith("kithara.decoder.ffmpeg.natives.")) {
                    if (bundle.getState() == Bundle.RESOLVED) {
                        natives.add(bundle.getSymbolicName());
                    }
                } else {
                    assertEquals(bundle.getSymbolicName() + " resolves in " + framework.getSymbolicName(),
                            Bundle.RESOLVED, bundle.getState());
                }
            }
            assertEquals(List.of("kithara.decoder.ffmpeg.natives." + thisPlatform()), natives);
            assertTrue("the engine, the shell commands and the natives of five platforms: " + bundles.size(),
                    bundles.size() >= 38);
        } finally {
            framework.stop();
            framework.waitForStop(30_000);
            try (Stream<Path> paths = Files.walk(storage)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
