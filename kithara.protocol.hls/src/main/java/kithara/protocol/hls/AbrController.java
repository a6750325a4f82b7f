package kithara.protocol.hls;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the variant of the next segment. Throughput is estimated by two exponentially weighted averages of the
 * download samples, a fast and a slow one, weighted by each sample's duration; the lower wins, so a drop is seen
 * at once and a burst is not trusted. Up-switches need enough buffer and headroom; down-switches happen when the
 * estimate no longer carries the current variant, at once when the buffer runs low. Thread-safe, on a lock of its own
 * that calls nothing else: samples come from the HTTP threads without waiting for the stream's lock, decisions from
 * the downloader's thread under it.
 */
final class AbrController {

    /**
     * A decision to play another variant.
     *
     * @param variant the variant to play from the next segment
     * @param reason  why, for people
     */
    record Switch(int variant, String reason) {
    }

    private final AbrSettings settings;
    private final List<Long> bandwidths;
    private final Average fast;
    private final Average slow;
    private long lastSwitchNanos = Long.MIN_VALUE;

    /**
     * @param settings   the rules
     * @param bandwidths each variant's BANDWIDTH, in master playlist order
     */
    AbrController(AbrSettings settings, List<Long> bandwidths) {
        this.settings = settings;
        this.bandwidths = List.copyOf(bandwidths);
        this.fast = new Average(settings.fastHalfLife());
        this.slow = new Average(settings.slowHalfLife());
    }

    /** Returns the variant to start with: the fixed one, else the master playlist's first (its default) within the cap. */
    int initialVariant() {
        if (isFixed()) {
            return settings.fixedVariant();
        }
        int first = 0;
        return allowed(first) ? first : lowest();
    }

    boolean isFixed() {
        return settings.fixedVariant() >= 0;
    }

    /**
     * Takes a download into account.
     *
     * @return the estimate after it in bits/s, or empty when the sample was too small to count
     */
    synchronized Optional<Double> onSample(long bytes, Duration elapsed) {
        if (bytes < settings.minSampleBytes() || elapsed.isZero() || elapsed.isNegative()) {
            return Optional.empty();
        }
        double seconds = elapsed.toNanos() / 1e9;
        double bitsPerSecond = bytes * 8 / seconds;
        fast.add(bitsPerSecond, seconds);
        slow.add(bitsPerSecond, seconds);
        return Optional.of(estimate());
    }

    /** Whether a throughput sample was taken into account yet. */
    synchronized boolean hasEstimate() {
        return !fast.isEmpty();
    }

    /** Returns the throughput estimate in bits/s, or 0 before any sample. */
    synchronized double estimate() {
        return Math.min(fast.value(), slow.value());
    }

    /**
     * Decides the variant of the next segment; the caller reports with {@link #applied} when it switches.
     *
     * @param current  the variant playing
     * @param buffered audio fetched ahead of the playback position
     * @param nowNanos a monotonic clock reading
     * @return a switch, or empty to stay
     */
    synchronized Optional<Switch> decide(int current, Duration buffered, long nowNanos) {
        if (isFixed()) {
            return Optional.empty();
        }
        if (!allowed(current)) {
            return propose(best(Double.MAX_VALUE), "above the bandwidth cap of " + settings.bandwidthCap() + " bit/s");
        }
        if (!hasEstimate()) {
            return Optional.empty();
        }
        double usable = estimate() * settings.safetyFactor();
        boolean intervalPassed = nowNanos - lastSwitchNanos >= settings.minSwitchInterval().toNanos()
                || lastSwitchNanos == Long.MIN_VALUE;
        long currentBandwidth = bandwidths.get(current);
        if (usable < currentBandwidth) {
            int target = best(usable);
            if (bandwidths.get(target) >= currentBandwidth) {
                return Optional.empty();
            }
            boolean urgent = buffered.compareTo(settings.urgentBuffer()) < 0;
            if (urgent || intervalPassed) {
                return propose(target, String.format("%s: throughput %.0f kbit/s, buffer %.1f s",
                        urgent ? "urgent down" : "down", estimate() / 1000, buffered.toMillis() / 1000.0));
            }
            return Optional.empty();
        }
        int target = best(usable / (1 + settings.hysteresis()));
        if (bandwidths.get(target) > currentBandwidth && intervalPassed
                && buffered.compareTo(settings.upSwitchBuffer()) >= 0) {
            return propose(target, String.format("up: throughput %.0f kbit/s, buffer %.1f s", estimate() / 1000,
                    buffered.toMillis() / 1000.0));
        }
        return Optional.empty();
    }

    private static Optional<Switch> propose(int variant, String reason) {
        return Optional.of(new Switch(variant, reason));
    }

    /** Notes that a switch {@link #decide} proposed was applied at {@code nowNanos}: the minimum interval starts. */
    synchronized void applied(long nowNanos) {
        lastSwitchNanos = nowNanos;
    }

    /** The allowed variant with the highest BANDWIDTH not above {@code bitsPerSecond}, else the lowest. */
    private int best(double bitsPerSecond) {
        int best = -1;
        for (int v = 0; v < bandwidths.size(); v++) {
            if (allowed(v) && bandwidths.get(v) <= bitsPerSecond && (best < 0 || bandwidths.get(v) > bandwidths.get(best))) {
                best = v;
            }
        }
        return best >= 0 ? best : lowest();
    }

    private int lowest() {
        int lowest = 0;
        for (int v = 1; v < bandwidths.size(); v++) {
            if (bandwidths.get(v) < bandwidths.get(lowest)) {
                lowest = v;
            }
        }
        return lowest;
    }

    private boolean allowed(int variant) {
        return settings.bandwidthCap() <= 0 || bandwidths.get(variant) <= settings.bandwidthCap();
    }

    /** An exponentially weighted average over time, corrected for its zero start. */
    private static final class Average {
        private final double halfLifeSeconds;
        private double estimate;
        private double totalWeight;

        Average(Duration halfLife) {
            this.halfLifeSeconds = Math.max(1e-3, halfLife.toNanos() / 1e9);
        }

        void add(double value, double seconds) {
            double alpha = Math.pow(0.5, seconds / halfLifeSeconds);
            estimate = alpha * estimate + (1 - alpha) * value;
            totalWeight += seconds;
        }

        boolean isEmpty() {
            return totalWeight == 0;
        }

        double value() {
            return isEmpty() ? 0 : estimate / (1 - Math.pow(0.5, totalWeight / halfLifeSeconds));
        }
    }
}
