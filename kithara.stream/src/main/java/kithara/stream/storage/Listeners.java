package kithara.stream.storage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.event.KitharaEvent;
import kithara.api.event.KitharaListener;

/**
 * A set of {@link KitharaListener}s that can be published to from any thread; a failing listener is logged, not
 * fatal. Events that describe a lasting state ({@link #publishState}) are also given to listeners added later.
 */
public final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<KitharaListener> listeners = new CopyOnWriteArrayList<>();
    private final List<KitharaEvent> states = new CopyOnWriteArrayList<>();

    /** Adds a listener and gives it the lasting states published so far. */
    public void add(KitharaListener listener) {
        listeners.add(listener);
        for (KitharaEvent state : states) {
            deliver(listener, state);
        }
    }

    /** Publishes an event that stays true (e.g. ranges unsupported): listeners added later get it too. */
    public void publishState(KitharaEvent event) {
        states.add(event);
        publish(event);
    }

    /** Removes a listener; no-op when absent. */
    public void remove(KitharaListener listener) {
        listeners.remove(listener);
    }

    /** Delivers {@code event} to every listener, in the order they were added. */
    public void publish(KitharaEvent event) {
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
