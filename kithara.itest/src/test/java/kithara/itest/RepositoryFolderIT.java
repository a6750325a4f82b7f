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
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What Eclipse RCP users point a target platform at, the bundle folder ({@code kithara.repository/target/repository})
 * and the p2 repository with {@code kithara.feature} ({@code kithara.p2/repository/target/repository}), holds
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
        List<File> jars = folderJars();
        for (File jar : jars) {
            assertNotNull(jar.getName() + " is a bundle", LauncherBundleSet.symbolicName(jar));
        }
        assertResolveAlone(jars);
    }

    /**
     * The p2 repository (an Eclipse software site) holds the feature, which includes exactly the folder's bundles, and
     * every bundle it names; they resolve on their own as the folder's do.
     */
    @Test
    public void theP2RepositoryHoldsTheFeatureWithTheFolderBundles() throws Exception {
        Path p2 = Paths.get(System.getProperty("kithara.p2"));
        assertTrue("p2 metadata in " + p2, Files.isRegularFile(p2.resolve("content.jar"))
                && Files.isRegularFile(p2.resolve("artifacts.jar")));
        Path feature;
        try (Stream<Path> features = Files.list(p2.resolve("features"))) {
            feature = features.filter(f -> f.getFileName().toString().startsWith("kithara.feature_")).findFirst()
                    .orElseThrow(() -> new AssertionError("no kithara.feature in " + p2.resolve("features")));
        }
        List<File> plugins = new ArrayList<>();
        Set<String> named = new TreeSet<>();
        try (JarFile jar = new JarFile(feature.toFile()); InputStream xml = jar.getInputStream(jar.getEntry("feature.xml"))) {
            NodeList entries = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml)
                    .getElementsByTagName("plugin");
            for (int i = 0; i < entries.getLength(); i++) {
                Element plugin = (Element) entries.item(i);
                String id = plugin.getAttribute("id");
                Path file = p2.resolve("plugins").resolve(id + "_" + plugin.getAttribute("version") + ".jar");
                assertTrue(id + " is in the repository at the feature's version: " + file, Files.isRegularFile(file));
                named.add(id);
                plugins.add(file.toFile());
            }
        }
        Set<String> folder = new TreeSet<>();
        for (File jar : folderJars()) {
            folder.add(LauncherBundleSet.symbolicName(jar));
        }
        assertEquals("the feature includes the RCP folder's bundles", folder, named);
        assertResolveAlone(plugins);
    }

    private static List<File> folderJars() {
        File[] jars = new File(System.getProperty("kithara.repository")).listFiles((d, n) -> n.endsWith(".jar"));
        assertNotNull("the repository folder is built (kithara.repository)", jars);
        return List.of(jars);
    }

    /** Installs the jars alone in a new framework: every bundle resolves, and of FFmpeg's natives this platform's. */
    private static void assertResolveAlone(List<File> jars) throws Exception {
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
            // (picocli is inside the launcher bundle)
            assertTrue("the engine, the shell commands and the natives of five platforms: " + bundles.size(),
                    bundles.size() >= 37);
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
