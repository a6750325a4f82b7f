package kithara.api.net;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A measurement of download throughput, reported to the peer whose fetch produced it (ABR uses it).
 * Immutable.
 *
 * @param uri     what was fetched
 * @param bytes   body bytes received in the sample, {@code >= 0}
 * @param elapsed wall time the bytes took, {@code > 0}
 */
public record BandwidthSample(URI uri, long bytes, Duration elapsed) {

    /** Validates the fields. */
    public BandwidthSample {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(elapsed, "elapsed");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0: " + bytes);
        }
        if (elapsed.isNegative() || elapsed.isZero()) {
            throw new IllegalArgumentException("elapsed must be > 0: " + elapsed);
        }
    }

    /** Returns the throughput in bits per second. */
    public double bitsPerSecond() {
        return bytes * 8.0 / (elapsed.toNanos() / 1e9);
    }
}
