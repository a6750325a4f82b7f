package kithara.launcher.loadtest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What the process holds at one moment: heap in use after a full collection and heap committed, live threads, CPU
 * time so far and, on Linux, resident memory (native memory included).
 */
public record Footprint(long heapBytes, long heapCommittedBytes, int threads, long cpuNanos, long wallNanos,
                        Optional<Long> residentBytes) {

    /** Collects garbage, then measures. */
    public static Footprint now() {
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        var heap = memory.getHeapMemoryUsage();
        return new Footprint(heap.getUsed(), heap.getCommitted(), ManagementFactory.getThreadMXBean().getThreadCount(),
                processCpuNanos(), System.nanoTime(), resident());
    }

    /** Resident memory outside the Java heap: native allocations (FFmpeg's among them), thread stacks, code, mappings. */
    public Optional<Long> nativeBytes() {
        return residentBytes.map(rss -> Math.max(0, rss - heapCommittedBytes));
    }

    /** The process's CPU time, from the platform's OperatingSystem MBean (-1 where the JVM does not tell). */
    private static long processCpuNanos() {
        try {
            Object cpu = ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuTime");
            return cpu instanceof Long nanos ? nanos : -1;
        } catch (JMException | RuntimeException notProvided) {
            return -1;
        }
    }

    /** The CPU this process used between {@code before} and this, in percent of all the machine's cores. */
    double cpuPercentSince(Footprint before) {
        if (cpuNanos < 0 || before.cpuNanos < 0 || wallNanos <= before.wallNanos) {
            return Double.NaN;
        }
        return 100.0 * (cpuNanos - before.cpuNanos) / (wallNanos - before.wallNanos)
                / Runtime.getRuntime().availableProcessors();
    }

    private static Optional<Long> resident() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).trim().toLowerCase(Locale.ROOT).replace("kb", "").trim();
                    return Optional.of(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // not measured here
        }
        return Optional.empty();
    }
}
