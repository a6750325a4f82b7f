package kithara.api.event;

/**
 * Receives events of a source or a resource. Called on worker or network threads: must return quickly and
 * must not call back into blocking methods of what it listens to.
 */
@FunctionalInterface
public interface KitharaListener {

    /** Receives one event. */
    void onEvent(KitharaEvent event);
}
