package kithara.stream.http;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import kithara.api.net.FetchException;

/**
 * Decides whether a failed attempt is retried and after how long: exponential backoff with full jitter,
 * at least the server's Retry-After, only for retryable failures, at most {@code maxAttempts} attempts.
 * Decides only; the transport carries the decision out. Immutable.
 *
 * @param maxAttempts   attempts in all, first included, {@code >= 1}
 * @param baseDelay     the backoff before jitter for the first retry; doubles per retry
 * @param maxDelay      the longest backoff, and the most a Retry-After is honoured for
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    /** 5 attempts, backoff from 200 ms up to 10 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10));

    /** Validates the fields. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay: " + baseDelay + ", " + maxDelay);
        }
    }

    /** What to do after a failed attempt. */
    public sealed interface Decision {
        /** Try again after {@code delay}. */
        record Retry(Duration delay) implements Decision {
        }

        /** Give up and report the failure. */
        record Fail() implements Decision {
        }
    }

    /**
     * Decides after attempt number {@code attempt} (1 for the first) failed with {@code failure}.
     *
     * @param retryAfter the server's Retry-After, if it sent one
     */
    public Decision decide(int attempt, FetchException failure, Optional<Duration> retryAfter) {
        if (!failure.isRetryable() || attempt >= maxAttempts) {
            return new Decision.Fail();
        }
        long ceiling = Math.min(maxDelay.toNanos(), baseDelay.toNanos() << Math.min(attempt - 1, 30));
        long jittered = ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
        long delay = Math.max(jittered, retryAfter.map(Duration::toNanos).orElse(0L));
        return new Decision.Retry(Duration.ofNanos(Math.min(delay, maxDelay.toNanos())));
    }
}
