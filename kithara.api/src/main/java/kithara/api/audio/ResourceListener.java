package kithara.api.audio;

import kithara.api.event.KitharaEvent;

/**
 * Receives a resource's events. Called on the resource's worker or network threads: must return quickly
 * and must not call back into the resource's blocking methods.
 */
@FunctionalInterface
public interface ResourceListener {

    /** Receives one event. */
    void onEvent(KitharaEvent event);
}
