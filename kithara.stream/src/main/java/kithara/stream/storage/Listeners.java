package kithara.stream.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.event.KitharaEvent;
import kithara.api.event.KitharaListener;

/**
 * A set of {@link KitharaListener}s that can be published to from any thread, under any lock: events are delivered
 * later, in the order they were published, on a shared event thread ({@code kithara-events-N}), never on the
 * publisher's (a downloader or decode thread) and never under its locks, so a slow or re-entrant listener (one that
 * closes its resource, say) stalls nothing. A failing listener is logged, not fatal. Events that describe a lasting
 * state ({@link #publishState}) are also given to listeners added later. The event threads end when idle.
 */
public final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadPoolExecutor DISPATCH = dispatcher();

    private final List<KitharaListener> listeners = new CopyOnWriteArrayList<>();
    /** The latest lasting state of each kind (a live stream switching for a day keeps one VariantSwitched). */
    private final Map<Class<?>, KitharaEvent> states = new LinkedHashMap<>(); // touched by the event thread only
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    private static ThreadPoolExecutor dispatcher() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "kithara-events-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Adds a listener; it gets the lasting states published so far, then every later event. */
    public void add(KitharaListener listener) {
        enqueue(() -> {
            listeners.add(listener);
            for (KitharaEvent state : states.values()) {
                deliver(listener, state);
            }
        });
    }

    /** Publishes an event that stays true (e.g. ranges unsupported): listeners added later get it too. */
    public void publishState(KitharaEvent event) {
        enqueue(() -> {
            states.remove(event.getClass()); // re-inserted last: late listeners get the states in publication order
            states.put(event.getClass(), event);
            deliverAll(event);
        });
    }

    /** Removes a listener: it gets no event published after this call. */
    public void remove(KitharaListener listener) {
        enqueue(() -> listeners.remove(listener));
    }

    /** Delivers {@code event} to every listener, in the order they were added, after the events published before. */
    public void publish(KitharaEvent event) {
        enqueue(() -> deliverAll(event));
    }

    private void enqueue(Runnable task) {
        pending.add(task);
        if (draining.compareAndSet(false, true)) {
            DISPATCH.execute(this::drain);
        }
    }

    /** One event thread at a time per set: runs what is pending, then lets go unless more arrived meanwhile. */
    private void drain() {
        do {
            for (Runnable task = pending.poll(); task != null; task = pending.poll()) {
                task.run();
            }
            draining.set(false);
        } while (!pending.isEmpty() && draining.compareAndSet(false, true));
    }

    private void deliverAll(KitharaEvent event) {
        for (KitharaListener l : listeners) {
            deliver(l, event);
        }
    }

    private static void deliver(KitharaListener l, KitharaEvent event) {
        try {
            l.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("listener {} failed on {}", l, event, e);
        }
    }
}
