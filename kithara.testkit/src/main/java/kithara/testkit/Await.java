package kithara.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits on a condition with a deadline, for what happens on another thread (events reach listeners on the events
 * thread, not the caller's): never a fixed sleep, never a wait without end.
 */
public final class Await {

    /** How long a condition may take to hold before the test fails. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private Await() {
    }

    /**
     * Returns once {@code condition} holds; fails with {@code why} (computed then) when it does not within
     * {@link #DEADLINE}.
     */
    public static void until(BooleanSupplier condition, Supplier<String> why) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + DEADLINE + ": " + why.get());
            }
            Thread.sleep(5);
        }
    }
}
