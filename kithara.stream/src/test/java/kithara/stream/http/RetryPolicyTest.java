package kithara.stream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import kithara.api.net.FetchException;

class RetryPolicyTest {

    private static final URI URI_ = URI.create("http://test/a.mp3");
    private static final FetchException RETRYABLE = new FetchException(URI_, FetchException.Reason.IO, OptionalInt.empty(),
            true, "reset", null);
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void backoffGrowsWithinItsCeilingAndStopsAtMaxAttempts() {
        for (int attempt = 1; attempt < 5; attempt++) {
            for (int i = 0; i < 200; i++) {
                RetryPolicy.Decision d = policy.decide(attempt, RETRYABLE, Optional.empty());
                Duration delay = assertInstanceOf(RetryPolicy.Decision.Retry.class, d).delay();
                assertTrue(delay.toMillis() <= Math.min(5000, 100L << (attempt - 1)), attempt + ": " + delay);
            }
        }
        assertInstanceOf(RetryPolicy.Decision.Fail.class, policy.decide(5, RETRYABLE, Optional.empty()));
    }

    @Test
    void nonRetryableFailuresFailAtOnce() {
        FetchException notFound = new FetchException(URI_, FetchException.Reason.HTTP_STATUS, OptionalInt.of(404), false,
                "", null);
        assertInstanceOf(RetryPolicy.Decision.Fail.class, policy.decide(1, notFound, Optional.empty()));
    }

    @Test
    void retryAfterIsHonouredUpToTheMaximum() {
        assertEquals(Duration.ofSeconds(2), ((RetryPolicy.Decision.Retry) policy.decide(1, RETRYABLE,
                Optional.of(Duration.ofSeconds(2)))).delay());
        assertEquals(Duration.ofSeconds(5), ((RetryPolicy.Decision.Retry) policy.decide(1, RETRYABLE,
                Optional.of(Duration.ofMinutes(5)))).delay());
    }
}
