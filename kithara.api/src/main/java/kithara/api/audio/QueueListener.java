package kithara.api.audio;

import java.io.IOException;

import kithara.api.event.KitharaEvent;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told what a {@link PlayQueue} plays. Called on the reading thread, or on the thread that edited the queue; keep it
 * short and never call back into the queue's reading methods from it.
 */
@ConsumerType
public interface QueueListener {

    /** The item at {@code index} started: the next samples read are its first ones. */
    default void itemStarted(int index, ResourceRequest item) {
    }

    /** The item at {@code index} could not be opened or decoded; the queue goes on with the next one. */
    default void itemFailed(int index, ResourceRequest item, IOException error) {
    }

    /**
     * The item at {@code index} is buffering: a read has waited {@code KitharaEvent.Buffering.AFTER} for PCM whose
     * bytes have not arrived ({@code waiting}), or it has PCM again ({@code !waiting}).
     */
    default void buffering(int index, ResourceRequest item, boolean waiting) {
    }

    /**
     * What the playing item's resource published: its download progress, variant switches, format, position and
     * buffering ({@link KitharaEvent}), from when it starts until it is closed.
     */
    default void itemEvent(int index, ResourceRequest item, KitharaEvent event) {
    }

    /** The last item ended and nothing follows. */
    default void queueEnded() {
    }
}
