package kithara.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a listener heard, in order, for a test to wait on: listeners are often called on another thread (events reach
 * them on the events thread, not the caller's), so a test waits for what it expects, woken when something arrives,
 * with a deadline; never a fixed sleep, never a wait without end. Thread-safe.
 *
 * @param <T> what is heard
 */
public final class Recorder<T> implements Consumer<T> {

    /** How long {@link #await} waits before the test fails. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private final List<T> heard = new ArrayList<>();

    @Override
    public synchronized void accept(T t) {
        heard.add(t);
        notifyAll();
    }

    /** Everything heard so far, in order. */
    public synchronized List<T> all() {
        return List.copyOf(heard);
    }

    /**
     * Returns the first thing heard that {@code wanted} accepts, waiting for it up to {@link #DEADLINE}.
     *
     * @throws AssertionError naming everything heard, when nothing wanted came in time
     */
    public synchronized T await(Predicate<? super T> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            for (T t : heard) {
                if (wanted.test(t)) {
                    return t;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not heard within " + DEADLINE + " among " + heard);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public synchronized String toString() {
        return heard.toString();
    }
}
