package kithara.itest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.source.StreamType;
import kithara.stream.cache.AssetStore;

/** Steps several in-container tests share. */
final class InContainer {

    private InContainer() {
    }

    /** Configures the asset cache (PID {@code kithara.stream.cache}) to keep its assets in {@code root}. */
    static Configuration pointCacheAt(ConfigurationAdmin admin, Path root) throws IOException {
        Configuration cfg = admin.getConfiguration("kithara.stream.cache", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("root", root.toString());
        cfg.update(props);
        return cfg;
    }

    /**
     * Waits until the protocols matching {@code protocolFilter} ({@code count} of them) run again on the asset store at
     * {@code root} and the audio service opens every one of {@code probes}. A protocol's registration is visible before
     * the audio service has bound it, so the registrations alone do not say an open would find it.
     */
    static void awaitProtocolsOn(BundleContext context, Path root, String protocolFilter, int count,
                                 Supplier<AudioService> audio, List<ResourceRequest> probes, long timeoutMs)
            throws InterruptedException {
        boolean ready = await(() -> restartedAfterStore(context, root, protocolFilter, count) && opensAll(audio.get(), probes),
                timeoutMs);
        if (!ready) {
            throw new AssertionError("the protocols " + protocolFilter + " did not restart on the cache folder " + root);
        }
    }

    private static boolean restartedAfterStore(BundleContext context, Path root, String protocolFilter, int count) {
        try {
            var stores = context.getServiceReferences(AssetStore.class, "(root=" + root + ")");
            var protocols = context.getServiceReferences(StreamType.class, protocolFilter);
            return !stores.isEmpty() && protocols.size() == count
                    && protocols.stream().allMatch(p -> serviceId(p) > serviceId(stores.iterator().next()));
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private static boolean opensAll(AudioService audio, List<ResourceRequest> probes) {
        if (audio == null) {
            return false;
        }
        for (ResourceRequest probe : probes) {
            try (Resource opened = audio.open(probe)) {
                // opened: the audio service has bound a protocol for it
            } catch (IOException notYet) {
                return false;
            }
        }
        return true;
    }

    /** Waits up to {@code timeoutMs} until no thread's name starts with one of {@code prefixes}; returns those left. */
    static List<String> awaitThreadsGone(long timeoutMs, String... prefixes) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> Arrays.stream(prefixes).anyMatch(n::startsWith)).toList();
            Thread.onSpinWait();
        } while (!left.isEmpty() && System.currentTimeMillis() < deadline);
        return left;
    }

    /** Waits up to {@code timeoutMs} for {@code condition}; returns whether it came true. */
    static boolean await(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
