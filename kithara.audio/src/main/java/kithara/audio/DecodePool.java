package kithara.audio;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that decode for every open resource ({@code kithara-decode-N}). A resource holds a thread only while
 * it fills its PCM queue, so hundreds of playing resources share the few threads that are decoding at any instant.
 * The pool grows instead of queueing: a resource whose decoder waits for network bytes holds its thread, and must not
 * delay another whose bytes are there. Idle threads end after {@code keepAlive}.
 */
final class DecodePool implements Executor, AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ThreadPoolExecutor executor;

    DecodePool(Duration keepAlive) {
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, keepAlive.toNanos(), TimeUnit.NANOSECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread t = new Thread(task, "kithara-decode-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Runs {@code task} on an idle thread of the pool or on a new one.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the pool is closed
     */
    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Refuses new work and waits up to 10 s for the running work to end; its threads end with it. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
