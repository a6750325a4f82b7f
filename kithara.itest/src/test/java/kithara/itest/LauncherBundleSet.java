package kithara.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ops4j.pax.exam.Option;

import kithara.paxexam.KitharaOptions;

/**
 * The bundles the {@code kithara} launcher runs, read from the committed {@code kithara.bndrun}
 * ({@code -runbundles}) and found among the jars Maven copied to {@code target/bundles}: the in-container
 * tests boot exactly what users run.
 */
final class LauncherBundleSet {

    private static final Pattern RUNBUNDLE = Pattern.compile("^\\s*([A-Za-z0-9_.\\-]+);version='[^']*'");

    private LauncherBundleSet() {
    }

    /** Returns the symbolic names of {@code -runbundles}, in the bndrun's (start-level) order. */
    static List<String> symbolicNames() {
        Path bndrun = Paths.get(System.getProperty("kithara.bndrun"));
        try {
            List<String> names = new ArrayList<>();
            boolean inRunBundles = false;
            for (String line : Files.readAllLines(bndrun)) {
                if (line.startsWith("-runbundles:")) {
                    inRunBundles = true;
                } else if (inRunBundles) {
                    Matcher m = RUNBUNDLE.matcher(line);
                    if (!m.find()) {
                        break;
                    }
                    names.add(m.group(1));
                }
            }
            if (names.isEmpty()) {
                throw new IllegalStateException("no -runbundles in " + bndrun);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns Pax Exam options provisioning the launcher's bundles, slf4j-simple and JUnit and, after them, the named test
     * support bundles (e.g. {@code kithara.testkit}).
     */
    static Option[] options(String... testBundles) {
        return optionsWithout(List.of(), testBundles);
    }

    /**
     * Returns the options of {@link #options} without the launcher bundles named in {@code left}. The engine's bundles
     * come from {@link KitharaOptions} (what users provision in their own Pax Exam tests), the command line's from the
     * rest of {@code -runbundles}.
     */
    static Option[] optionsWithout(List<String> left, String... testBundles) {
        File folder = new File(System.getProperty("kithara.bundles"));
        Map<String, List<File>> jars = jarsBySymbolicName(folder);
        List<Option> options = new ArrayList<>();
        List<String> provisioned = new ArrayList<>();
        for (Path jar : KitharaOptions.jarsIn(folder.toPath())) {
            String name = symbolicName(jar.toFile());
            provisioned.add(name);
            if (!left.contains(name)) {
                options.add(provision(jar.toFile()));
            }
        }
        List<String> names = new ArrayList<>(symbolicNames());
        names.removeAll(provisioned);
        names.removeAll(left);
        // the command line has SLF4J's provider on its class path; in a container it is a bundle
        names.add("slf4j.simple");
        names.addAll(List.of(testBundles));
        for (String name : names) {
            List<File> candidates = jars.getOrDefault(name, List.of());
            if (candidates.size() != 1) {
                throw new IllegalStateException("bundle " + name + " needs exactly one jar, found " + candidates);
            }
            options.add(provision(candidates.get(0)));
        }
        options.add(junitBundles());
        options.add(systemProperty("kithara.testdata").value(System.getProperty("kithara.testdata")));
        options.add(systemProperty("kithara.corpus").value(System.getProperty("kithara.corpus", "")));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"));
        return options.toArray(new Option[0]);
    }

    private static Map<String, List<File>> jarsBySymbolicName(File dir) {
        File[] files = dir.listFiles((d, n) -> n.endsWith(".jar"));
        if (files == null) {
            throw new IllegalStateException("no bundles in " + dir + " (run through mvn verify)");
        }
        Map<String, List<File>> byName = new LinkedHashMap<>();
        for (File f : files) {
            String bsn = symbolicName(f);
            if (bsn != null) {
                byName.computeIfAbsent(bsn, k -> new ArrayList<>()).add(f);
            }
        }
        return byName;
    }

    /** Installs the jar; starts it unless it is a fragment (FFmpeg's natives), which the framework attaches. */
    private static Option provision(File jar) {
        return bundle(jar.toURI().toString()).start(header(jar, "Fragment-Host") == null);
    }

    /** Returns the jar's Bundle-SymbolicName without its directives, or null for a jar that is no bundle. */
    static String symbolicName(File jar) {
        String bsn = header(jar, "Bundle-SymbolicName");
        return bsn == null ? null : bsn.split(";", 2)[0].trim();
    }

    private static String header(File jarFile, String name) {
        try (JarFile jar = new JarFile(jarFile)) {
            Attributes main = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes();
            return main == null ? null : main.getValue(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
