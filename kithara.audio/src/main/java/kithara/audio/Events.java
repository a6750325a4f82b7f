package kithara.audio;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.event.KitharaEvent;
import kithara.api.event.KitharaListener;

/**
 * Where one resource's events go: its typed listeners, and EventAdmin (when present and some handler subscribes to the
 * topic) under the event's topic with the event's fields and the resource's URI as plain properties
 * ({@link EventProperties}). Events that state a lasting fact (the format, the variant in use, missing range support, a
 * completed download) are also given to listeners added later, since most happen while the resource opens.
 */
final class Events {

    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private final URI resource;
    /** The EventAdmin to post a topic to; null when nobody subscribes to it. */
    private final Function<String, EventAdmin> eventAdmin;
    private final Consumer<AudioResource> onClosed;
    private final List<KitharaListener> listeners = new CopyOnWriteArrayList<>();
    /** The latest lasting fact of each kind: bounded however long the resource plays. */
    private final Map<Class<?>, KitharaEvent> facts = new LinkedHashMap<>(); // guarded by itself

    Events(URI resource, Function<String, EventAdmin> eventAdmin, Consumer<AudioResource> onClosed) {
        this.resource = resource;
        this.eventAdmin = eventAdmin;
        this.onClosed = onClosed;
    }

    void add(KitharaListener listener) {
        listeners.add(listener);
        List<KitharaEvent> known;
        synchronized (facts) {
            known = List.copyOf(facts.values());
        }
        for (KitharaEvent fact : known) {
            deliver(listener, fact);
        }
    }

    private static boolean isLastingFact(KitharaEvent e) {
        return e instanceof KitharaEvent.FormatDetected || e instanceof KitharaEvent.VariantSwitched
                || e instanceof KitharaEvent.VariantsDiscovered
                || e instanceof KitharaEvent.RangesUnsupported || e instanceof KitharaEvent.DownloadComplete
                || e instanceof KitharaEvent.MediaBuffered;
    }

    private static void deliver(KitharaListener l, KitharaEvent event) {
        try {
            l.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("listener {} failed on {}", l, event, e);
        }
    }

    void remove(KitharaListener listener) {
        listeners.remove(listener);
    }

    /**
     * Delivers to every listener (a failing one is logged) and posts to EventAdmin asynchronously when a handler
     * subscribes to the event's topic.
     */
    void publish(KitharaEvent event) {
        if (isLastingFact(event)) {
            synchronized (facts) {
                facts.remove(event.getClass()); // re-inserted last, so that facts replay in publication order
                facts.put(event.getClass(), event);
            }
        }
        for (KitharaListener l : listeners) {
            deliver(l, event);
        }
        EventAdmin admin = eventAdmin.apply(event.topic());
        if (admin != null) {
            admin.postEvent(new Event(event.topic(), EventProperties.of(event, resource.toString())));
        }
    }

    void closed(AudioResource r) {
        onClosed.accept(r);
    }
}
