package kithara.facade;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.namespace.NativeNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import kithara.api.audio.AudioService;

/**
 * Kithara for applications without OSGi of their own: {@link #start()} runs the engine (its bundles, embedded in this
 * jar, in a Felix framework of its own) and {@link #audio()} hands out its {@link AudioService}. The application
 * programs against {@code kithara.api} only, on its own class path; the framework shares those packages, SLF4J (the
 * engine logs through the application's SLF4J provider) and Configuration Admin with it. {@link #close()} stops the
 * engine: its threads end, its native memory is freed and its framework folder is deleted.
 *
 * <pre>{@code
 * try (Kithara kithara = Kithara.builder().set("kithara.stream.cache", "root", "/tmp/cache").start();
 *      Resource resource = kithara.audio().open(ResourceRequest.of(URI.create("https://host/a.m3u8")))) {
 *     float[] pcm = new float[4096];
 *     for (int n; (n = resource.read(pcm)) >= 0; ) {
 *         // interleaved samples, resource.spec() tells the rate and channels
 *     }
 * }
 * }</pre>
 */
public final class Kithara implements AutoCloseable {

    /** Started first, so that the configuration is in place before any component reads it. */
    private static final String CONFIG_ADMIN = "org.apache.felix.configadmin";
    /** The platform filter of a native fragment's {@code Require-Capability} (ours are written so). */
    private static final Pattern NATIVE_REQUIREMENT = Pattern.compile("osgi\\.native;filter:=\"([^\"]+)\"");

    private final Framework framework;
    private final Path storage;
    private final ServiceTracker<AudioService, AudioService> audio;

    private Kithara(Framework framework, Path storage, ServiceTracker<AudioService, AudioService> audio) {
        this.framework = framework;
        this.storage = storage;
        this.audio = audio;
    }

    /** Starts the engine with its default configuration. */
    public static Kithara start() throws KitharaStartException {
        return builder().start();
    }

    /** Returns a builder for an engine with configuration of its own. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the engine's audio service: {@link AudioService#open} opens URIs and files as PCM resources. */
    public AudioService audio() {
        AudioService service = audio.getService();
        if (service == null) {
            throw new IllegalStateException("the engine is stopped");
        }
        return service;
    }

    /** Stops the engine (waiting up to 30 s for its bundles to stop) and deletes its framework folder. Idempotent. */
    @Override
    public void close() {
        try {
            audio.close();
            framework.stop();
            framework.waitForStop(30_000);
        } catch (BundleException e) {
            throw new IllegalStateException("the engine did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(storage);
        }
    }

    @Override
    public String toString() {
        return "Kithara[" + framework.getState() + ", " + storage + "]";
    }

    /** Configuration for {@link #start()}: each {@code set} is a Configuration Admin property of a PID. */
    public static final class Builder {

        private final Map<String, Map<String, Object>> configuration = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /**
         * Sets one property of a component's configuration, as {@code kithara --set PID.key=value} does, e.g.
         * {@code set("kithara.stream.cache", "root", "/var/cache/app")} or
         * {@code set("kithara.stream.downloader", "proxy", "proxy.corp:3128")}. The PIDs and their keys are in the
         * README.
         */
        public Builder set(String pid, String key, Object value) {
            configuration.computeIfAbsent(pid, p -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /** How long {@link #start()} waits for the audio service before failing (default 60 s). */
        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be > 0: " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts the engine: a framework in a new temporary folder, every embedded bundle installed and started, the
         * configuration applied before the engine's components start.
         *
         * @throws KitharaStartException naming the bundle that did not install or start, or the service that did not
         *                               appear in time; nothing is left running
         */
        public Kithara start() throws KitharaStartException {
            Path storage;
            try {
                storage = Files.createTempDirectory("kithara-framework-");
            } catch (IOException e) {
                throw new KitharaStartException("no folder for the framework: " + e.getMessage(), e);
            }
            Framework framework = null;
            try {
                framework = new FrameworkFactory().newFramework(frameworkProperties(storage));
                framework.init();
                List<Bundle> bundles = install(framework);
                framework.start();
                startNamed(bundles, CONFIG_ADMIN);
                configure(framework.getBundleContext());
                for (Bundle bundle : bundles) {
                    if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                        startOne(bundle);
                    }
                }
                ServiceTracker<AudioService, AudioService> audio =
                        new ServiceTracker<>(framework.getBundleContext(), AudioService.class, null);
                audio.open();
                if (audio.waitForService(startTimeout.toMillis()) == null) {
                    audio.close();
                    throw new KitharaStartException("no AudioService within " + startTimeout.toMillis()
                            + " ms; bundles not active: " + inactive(framework));
                }
                return new Kithara(framework, storage, audio);
            } catch (KitharaStartException e) {
                stopQuietly(framework, storage);
                throw e;
            } catch (BundleException | IOException | InvalidSyntaxException | RuntimeException e) {
                stopQuietly(framework, storage);
                throw new KitharaStartException("the engine did not start: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                stopQuietly(framework, storage);
                Thread.currentThread().interrupt();
                throw new KitharaStartException("interrupted while starting", e);
            }
        }

        /** Applies the configuration through Configuration Admin (location "?": any bundle may bind it). */
        private void configure(BundleContext context) throws IOException, InterruptedException {
            if (configuration.isEmpty()) {
                return;
            }
            ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> tracker =
                    new ServiceTracker<>(context, ConfigurationAdmin.class, null);
            tracker.open();
            try {
                ConfigurationAdmin admin = tracker.waitForService(startTimeout.toMillis());
                if (admin == null) {
                    throw new KitharaStartException("Configuration Admin did not start within "
                            + startTimeout.toMillis() + " ms");
                }
                for (Map.Entry<String, Map<String, Object>> pid : configuration.entrySet()) {
                    Dictionary<String, Object> properties = new Hashtable<>(pid.getValue());
                    admin.getConfiguration(pid.getKey(), "?").update(properties);
                }
            } finally {
                tracker.close();
            }
        }
    }

    /** The framework's settings: its own folder, and the packages its system bundle shares with the application. */
    private static Map<String, String> frameworkProperties(Path storage) throws IOException {
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",", EmbeddedJars.exports("shared")));
        // EventAdmin warns about its own thread being interrupted at every stop
        properties.put("org.apache.felix.eventadmin.LogLevel", "1");
        return properties;
    }

    /**
     * Installs the embedded bundles, leaving out the native fragments of other platforms (FFmpeg's for each desktop
     * platform are embedded: a hundred megabytes the framework would copy at every start only to leave unresolved).
     */
    private static List<Bundle> install(Framework framework) throws IOException, BundleException, InvalidSyntaxException {
        BundleContext context = framework.getBundleContext();
        Map<String, Object> platform = framework.adapt(BundleRevision.class)
                .getDeclaredCapabilities(NativeNamespace.NATIVE_NAMESPACE).get(0).getAttributes();
        List<Bundle> bundles = new ArrayList<>();
        for (String path : EmbeddedJars.list("bundles")) {
            Matcher nativeFilter = NATIVE_REQUIREMENT.matcher(
                    String.valueOf(EmbeddedJars.header(path, Constants.REQUIRE_CAPABILITY)));
            if (nativeFilter.find() && !FrameworkUtil.createFilter(nativeFilter.group(1)).matches(platform)) {
                continue;
            }
            try (InputStream in = EmbeddedJars.open(path)) {
                bundles.add(context.installBundle("kithara-facade:" + path, in));
            }
        }
        return bundles;
    }

    private static void startNamed(List<Bundle> bundles, String symbolicName) throws BundleException {
        for (Bundle bundle : bundles) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                startOne(bundle);
                return;
            }
        }
        throw new BundleException("no bundle " + symbolicName + " is embedded");
    }

    private static void startOne(Bundle bundle) throws BundleException {
        try {
            bundle.start();
        } catch (BundleException e) {
            throw new BundleException("bundle " + bundle.getSymbolicName() + " did not start: " + e.getMessage(), e);
        }
    }

    private static List<String> inactive(Framework framework) {
        List<String> names = new ArrayList<>();
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            if (bundle.getState() != Bundle.ACTIVE && bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                names.add(bundle.getSymbolicName());
            }
        }
        return names;
    }

    private static void stopQuietly(Framework framework, Path storage) {
        try {
            if (framework != null) {
                framework.stop();
                framework.waitForStop(30_000);
            }
        } catch (BundleException | RuntimeException e) {
            // the start already failed; its cause is what the caller is told
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(storage);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the framework folder " + root, e);
        }
    }
}
