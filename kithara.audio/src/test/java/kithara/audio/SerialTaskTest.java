package kithara.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialTaskTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final DecodePool pool = new DecodePool(Duration.ofSeconds(1));

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void wakesWhileItRunsMakeItRunOnceMoreAndNeverTwiceAtOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch inFirstRun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger idles = new AtomicInteger();
        SerialTask task = new SerialTask(pool, () -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            if (runs.incrementAndGet() == 1) {
                inFirstRun.countDown();
                await(release);
            }
            running.decrementAndGet();
        }, idles::incrementAndGet, e -> { });
        task.wake();
        assertTrue(inFirstRun.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        task.wake();
        task.wake();
        task.wake();
        release.countDown();
        assertTrue(task.awaitIdle(DEADLINE));
        assertEquals(2, runs.get(), "three wakes during a run: one more run");
        assertEquals(0, overlaps.get());
        assertFalse(task.isBusy());
        assertTrue(waitFor(() -> idles.get() == 1), "idle once, after the second run");
    }

    @Test
    void everyWakeIsFollowedByARunThatSeesIt() throws Exception {
        AtomicInteger wakes = new AtomicInteger();
        AtomicInteger seen = new AtomicInteger();
        SerialTask task = new SerialTask(pool, () -> seen.set(wakes.get()), () -> { }, e -> { });
        for (int i = 0; i < 20_000; i++) {
            wakes.incrementAndGet();
            task.wake();
        }
        assertTrue(waitFor(() -> seen.get() == wakes.get()), "the last wake was lost: saw " + seen.get() + " of "
                + wakes.get());
    }

    @Test
    void aStoppedTaskRunsNoMoreAndARefusingExecutorIsReported() {
        AtomicInteger runs = new AtomicInteger();
        SerialTask stopped = new SerialTask(Runnable::run, runs::incrementAndGet, () -> { }, e -> { });
        stopped.stop();
        stopped.wake();
        assertEquals(0, runs.get());
        AtomicInteger refused = new AtomicInteger();
        SerialTask refusedTask = new SerialTask(r -> {
            throw new RejectedExecutionException("shut down");
        }, runs::incrementAndGet, () -> { }, e -> refused.incrementAndGet());
        refusedTask.wake();
        assertEquals(1, refused.get());
        assertFalse(refusedTask.isBusy(), "idle again, so a later wake may try again");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }
}
