package kithara.api.audio;

import java.io.IOException;

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

    /** The last item ended and nothing follows. */
    default void queueEnded() {
    }
}
