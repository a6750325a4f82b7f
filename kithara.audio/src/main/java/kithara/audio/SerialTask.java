package kithara.audio;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Work run on a shared executor, never twice at once: {@link #wake} schedules it, or, while it runs, has it run once
 * more when it returns, so no wake is lost. After each run that leaves it idle, {@code whenIdle} runs on the same
 * thread. {@link #stop} ends the scheduling for good.
 */
final class SerialTask {

    private final Executor executor;
    private final Runnable work;
    private final Runnable whenIdle;
    private final Consumer<RejectedExecutionException> rejected;
    private boolean scheduled; // guarded by this
    private boolean again; // guarded by this
    private boolean stopped; // guarded by this
    private Thread runner; // guarded by this

    /**
     * @param rejected told when the executor refuses the work (it is shut down); the task is idle again then
     */
    SerialTask(Executor executor, Runnable work, Runnable whenIdle, Consumer<RejectedExecutionException> rejected) {
        this.executor = executor;
        this.work = work;
        this.whenIdle = whenIdle;
        this.rejected = rejected;
    }

    /** Schedules the work, or has the running one run again; nothing once stopped. */
    void wake() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (scheduled) {
                again = true;
                return;
            }
            scheduled = true;
        }
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            idle();
            rejected.accept(e);
        }
    }

    private void run() {
        boolean idle = false;
        try {
            do {
                synchronized (this) {
                    runner = Thread.currentThread();
                    again = false;
                }
                work.run();
                idle = !runAgainOrIdle();
            } while (!idle);
        } finally {
            if (!idle) {
                idle();
            }
        }
        whenIdle.run();
    }

    /** Decides, in one step with {@link #wake}'s check, whether to run again or to become idle: no wake is lost between. */
    private synchronized boolean runAgainOrIdle() {
        if (again && !stopped) {
            return true;
        }
        idle();
        return false;
    }

    private synchronized void idle() {
        scheduled = false;
        runner = null;
        notifyAll();
    }

    /** Schedules nothing more; a run in progress finishes. */
    synchronized void stop() {
        stopped = true;
    }

    /** Whether the work is scheduled or running. */
    synchronized boolean isBusy() {
        return scheduled;
    }

    /**
     * Waits up to {@code timeout} for the work to be idle; returns at once on the work's own thread (the work cannot
     * wait for itself).
     *
     * @return whether it is idle (or this is its thread)
     */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (scheduled && runner != Thread.currentThread()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
