package kithara.itest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

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
