package kithara.paxexam;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options that provision Kithara in a user's own in-container test, on Felix or Equinox: the engine's
 * bundles and what they run on (Declarative Services, Configuration Admin, EventAdmin, SPI Fly, Jetty's client,
 * slf4j-api) with FFmpeg's natives for every desktop platform (fragments, each resolving on its own platform only), at
 * the versions this artifact was built with, in start order. The test adds JUnit's bundles and an SLF4J provider of its
 * choice (slf4j-api needs one to resolve):
 *
 * <pre>{@code
 * @Configuration
 * public Option[] config() {
 *     return options(KitharaOptions.fromMaven(), mavenBundle("org.slf4j", "slf4j-simple", "2.0.17"), junitBundles());
 * }
 *
 * @Inject AudioService audio;   // kithara.api.audio
 * }</pre>
 */
public final class KitharaOptions {

    private static final String LIST = "/kithara/paxexam/bundles.list";

    private KitharaOptions() {
    }

    /** The bundles as Maven artifacts ({@code mvn:} URLs, resolved by Pax URL from the test's Maven repositories). */
    public static Option fromMaven() {
        return composite(bundles().stream()
                .map(b -> mavenBundle(b.groupId(), b.artifactId(), b.version()).start(!b.isFragment()))
                .toArray(Option[]::new));
    }

    /**
     * The bundles from a folder of jars named as {@code mvn dependency:copy-dependencies} names them
     * ({@code artifactId-version.jar}), for builds that provision from files rather than repositories.
     *
     * @throws IllegalStateException naming the first jar the folder lacks
     */
    public static Option fromFolder(Path folder) {
        List<Coordinates> bundles = bundles();
        List<Path> jars = jarsIn(folder);
        Option[] options = new Option[jars.size()];
        for (int i = 0; i < options.length; i++) {
            options[i] = bundle(jars.get(i).toUri().toString()).start(!bundles.get(i).isFragment());
        }
        return composite(options);
    }

    /** The jars {@link #fromFolder} provisions, in start order. */
    public static List<Path> jarsIn(Path folder) {
        List<Path> jars = new ArrayList<>();
        for (Coordinates b : bundles()) {
            Path jar = folder.resolve(b.artifactId() + "-" + b.version() + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("Kithara needs " + jar.getFileName() + " in " + folder
                        + " (" + b.groupId() + ":" + b.artifactId() + ":" + b.version() + ")");
            }
            jars.add(jar);
        }
        return jars;
    }

    /** A bundle's Maven coordinates. */
    private record Coordinates(String groupId, String artifactId, String version) {

        /** FFmpeg's natives, one fragment per platform: installed, never started (the framework attaches them). */
        boolean isFragment() {
            return artifactId.startsWith("kithara.decoder.ffmpeg.natives.");
        }
    }

    /**
     * Reads the list Maven wrote when this artifact was built ({@code mvn dependency:list}: one
     * {@code groupId:artifactId:jar:version:scope} per indented line, after a heading).
     */
    private static List<Coordinates> bundles() {
        String list;
        try (InputStream in = KitharaOptions.class.getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException("this jar holds no " + LIST + " (was it built by Maven?)");
            }
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Coordinates> bundles = new ArrayList<>();
        for (String line : list.lines().filter(l -> l.startsWith(" ") && !l.isBlank()).toList()) {
            String[] gav = line.strip().split("\\s+", 2)[0].split(":");
            if (gav.length != 5) {
                throw new IllegalStateException("unexpected line in " + LIST + ": " + line);
            }
            bundles.add(new Coordinates(gav[0], gav[1], gav[3]));
        }
        return bundles;
    }
}
