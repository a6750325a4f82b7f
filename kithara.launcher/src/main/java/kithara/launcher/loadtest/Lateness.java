package kithara.launcher.loadtest;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How late reads returned, in whole milliseconds (early reads count as 0), for percentiles; thread-safe. Lateness
 * beyond {@value #MAX_MS} ms counts as {@value #MAX_MS}.
 */
final class Lateness {

    static final int MAX_MS = 60_000;

    private final AtomicLongArray counts = new AtomicLongArray(MAX_MS + 1);

    /** Records one read that returned {@code lateNanos} after its audio was due (negative: in time). */
    void record(long lateNanos) {
        long ms = lateNanos <= 0 ? 0 : Math.min(MAX_MS, (lateNanos + 999_999) / 1_000_000);
        counts.incrementAndGet((int) ms);
    }

    /** The number of reads recorded. */
    long reads() {
        long n = 0;
        for (int i = 0; i <= MAX_MS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The lateness not exceeded by {@code share} of the reads (0.99 for p99), in ms; 0 without reads. */
    long percentileMs(double share) {
        long total = reads();
        long wanted = (long) Math.ceil(total * share);
        long seen = 0;
        for (int i = 0; i <= MAX_MS; i++) {
            seen += counts.get(i);
            if (seen >= wanted && wanted > 0) {
                return i;
            }
        }
        return 0;
    }

    /** The latest read, in ms. */
    long worstMs() {
        for (int i = MAX_MS; i > 0; i--) {
            if (counts.get(i) > 0) {
                return i;
            }
        }
        return 0;
    }
}
