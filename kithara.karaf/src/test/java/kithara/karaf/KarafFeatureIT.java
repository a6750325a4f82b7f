package kithara.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;

/**
 * A real Apache Karaf 4.4, as a user runs it: {@code feature:install kithara-linux-x86_64} (the engine with this
 * platform's natives, and only those) and {@code kithara-shell} from this module's features
 * repository (the bundles come from {@code target/repository}), a decode with the {@code kithara:decode} shell command,
 * a command that fails, two items played through {@code kithara:queue} into a file, then {@code feature:uninstall}; the
 * container's own bundles are never refreshed or stopped.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafFeatureIT {

    private static final String KARAF = System.getProperty("karaf.version", "4.4.8");

    @Inject
    BundleContext context;

    @Inject
    SessionFactory sessions;

    /** What {@code feature:install} and {@code feature:uninstall} call. */
    @Inject
    FeaturesService features;

    @Configuration
    public Option[] config() {
        String repository = new File(System.getProperty("kithara.repository")).toURI().toString();
        return new Option[] {
            karafDistributionConfiguration().frameworkUrl(maven("org.apache.karaf", "apache-karaf", KARAF).type("tar.gz"))
                    .unpackDirectory(new File("target/exam")).useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.WARN),
            // Our bundles first, from the build, then Karaf's own system folder, then Maven Central for what Karaf's
            // features need beyond its distribution (scr.management), as on a user's Karaf; the local repository is
            // an empty folder, so the test never depends on what ~/.m2 holds. Every default repository needs its
            // file: scheme: one malformed entry made pax-url drop the whole list and find our bundles only where
            // mvn install had put them in ~/.m2.
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                    repository + "@id=kithara@snapshots,file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots"),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                    "https://repo1.maven.org/maven2@id=central"),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    new File("target/exam-m2").getAbsolutePath()),
            editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"),
            editConfigurationFilePut("etc/system.properties", "org.bytedeco.javacpp.cachedir", "${karaf.data}/javacpp-cache"),
            editConfigurationFilePut("etc/system.properties", "kithara.testdata", System.getProperty("kithara.testdata")),
            // the repository only: the test installs the features itself, watching the container's own bundles
            features(new File(System.getProperty("kithara.features")).toURI().toString()),
            // Pax Exam starts Karaf's JVM itself and does not add the flags of bin/karaf for Java 9+
            vmOptions(java9PlusFlags()),
        };
    }

    /** The Java 9+ flags of Karaf's {@code bin/karaf}; paths are relative to the unpacked Karaf. */
    private static String[] java9PlusFlags() {
        return new String[] {
            "--add-reads=java.xml=java.logging",
            "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
            "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + KARAF + ".jar",
            "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + KARAF + ".jar",
            "--add-opens", "java.base/java.security=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
            "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
            "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
            "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
        };
    }

    /** Runs a command in a Karaf shell session, as Karaf's own tests do, and returns what it printed. */
    private String shell(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(System.in, out, out);
        try {
            Object result = session.execute(command);
            if (result != null) {
                session.getConsole().println(result.toString());
            }
        } catch (Exception e) {
            out.println("Error executing command: " + e.getMessage()); // what Karaf's console prints
        } finally {
            out.flush();
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** What {@code kithara:queue list} prints. */
    private String queueList() {
        try {
            return shell("kithara:queue list");
        } catch (Exception e) {
            throw new AssertionError("kithara:queue list: " + e, e);
        }
    }

    /**
     * Waits up to 60 s for {@code done}, rechecking every 50 ms: Karaf gives no event for what these waits watch
     * (a command registered, a feature's bundles gone). Fails with {@code failure}'s message.
     */
    private static void await(BooleanSupplier done, Supplier<String> failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError(failure.get());
            }
            Thread.sleep(50);
        }
    }

    /** Waits for a shell command (Karaf registers commands asynchronously); {@code why} is shown on failure. */
    private void awaitCommand(String scope, String name, String why) throws Exception {
        Session session = sessions.create(System.in, System.out, System.err);
        try {
            await(() -> session.getRegistry().getCommand(scope, name) != null,
                    () -> scope + ":" + name + " registered within 60 s: " + why + "\n" + bundleStates());
        } finally {
            session.close();
        }
    }

    /** Every bundle's id with its symbolic name, version and state. */
    private Map<Long, String> bundleStates() {
        Map<Long, String> states = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            states.put(b.getBundleId(), b.getSymbolicName() + " " + b.getVersion() + " state " + b.getState());
        }
        return states;
    }

    @Test
    public void theFeaturesInstallDecodeAndUninstallWithoutDisturbingTheContainer() throws Exception {
        Map<Long, String> before = bundleStates();
        List<String> disturbed = new CopyOnWriteArrayList<>();
        SynchronousBundleListener watch = e -> {
            if (before.containsKey(e.getBundle().getBundleId()) && (e.getType() == BundleEvent.STOPPED
                    || e.getType() == BundleEvent.UNRESOLVED || e.getType() == BundleEvent.UPDATED)) {
                disturbed.add(e.getBundle().getSymbolicName() + " event " + e.getType());
            }
        };
        context.addBundleListener(watch);
        try {
            features.installFeature("kithara-linux-x86_64");
            features.installFeature("kithara-shell");
            awaitCommand("kithara", "decode", "after installing kithara-shell");
            List<String> natives = new ArrayList<>();
            for (Bundle b : context.getBundles()) {
                if (!b.getSymbolicName().startsWith("kithara.")) {
                    continue;
                }
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                    natives.add(b.getSymbolicName());
                    assertEquals(b.getSymbolicName() + " is attached", Bundle.RESOLVED, b.getState());
                } else {
                    assertEquals(b.getSymbolicName() + " is ACTIVE", Bundle.ACTIVE, b.getState());
                }
            }
            assertEquals("the natives of this platform",
                    List.of("kithara.decoder.ffmpeg.natives.linux-x86_64"), natives);
            assertTrue(Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().startsWith("kithara.")).count() >= 8);
            Path wav = Files.createTempFile("kithara-karaf", ".wav");
            String fixture = new File(System.getProperty("kithara.testdata"), "sine440-2s.m4a").getPath();
            String out = shell("kithara:decode " + fixture + " -o " + wav + " --format s16");
            assertTrue(out, out.contains("wrote " + wav + ": 44100 Hz, 2 channels, 2.000 s, s16"));
            assertEquals(44 + 88200 * 2 * 2, Files.size(wav));
            String stats = shell("kithara:stats");
            assertTrue(stats, stats.contains("ffmpeg") && stats.contains("resources"));
            String queued = shell("kithara:queue add " + fixture + " " + fixture);
            assertTrue(queued, queued.contains("added 2 items, 2 in the queue"));
            Path played = Files.createTempFile("kithara-karaf-queue", ".wav");
            String playing = shell("kithara:queue play " + played);
            assertTrue(playing, playing.contains("playing to " + played));
            await(() -> queueList().contains("not playing"), () -> "the queue plays to its end: " + queueList());
            assertEquals("two 2-s items back to back, 32-bit float", 44 + 2 * 88200 * 2 * 4, Files.size(played));
            String failed = shell("kithara:decode /no/such/file.flac -o " + wav);
            assertEquals(failed, 1, failed.trim().split("\n").length);
            assertTrue(failed, failed.contains("/no/such/file.flac") && !failed.contains("Exception"));
            features.uninstallFeature("kithara-shell");
            features.uninstallFeature("kithara-linux-x86_64");
            await(() -> Arrays.stream(context.getBundles()).noneMatch(b -> b.getSymbolicName().startsWith("kithara.")),
                    () -> "the kithara bundles are uninstalled within 60 s: " + bundleStates());
        } catch (IllegalStateException e) {
            throw new AssertionError("the container refreshed this test's own bundle (its context is gone): " + e, e);
        } finally {
            try {
                context.removeBundleListener(watch);
            } catch (IllegalStateException refreshed) {
                // reported above
            }
        }
        assertEquals("no bundle of the container was stopped, unresolved or updated", List.of(), disturbed);
        Map<Long, String> after = bundleStates();
        after.keySet().retainAll(before.keySet());
        assertEquals("the container's own bundles keep their ids and states", before, after);
    }
}
