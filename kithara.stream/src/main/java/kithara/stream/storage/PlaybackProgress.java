package kithara.stream.storage;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import kithara.api.event.KitharaEvent;

/**
 * Turns the playback positions a reader publishes on a {@link SharedTimeline} into
 * {@link KitharaEvent.PlaybackProgress} events, at most one every {@value #INTERVAL_MS} ms. Every source does this
 * for its listeners, whatever its protocol.
 */
public final class PlaybackProgress implements Consumer<Duration> {

    /** Shortest time between two playback progress events. */
    public static final long INTERVAL_MS = 250;

    private final Listeners listeners;
    private volatile long last = Long.MIN_VALUE / 2;

    /** Publishes to {@code listeners}. */
    public PlaybackProgress(Listeners listeners) {
        this.listeners = listeners;
    }

    @Override
    public void accept(Duration position) {
        long now = System.nanoTime();
        if (now - last >= INTERVAL_MS * 1_000_000L) {
            last = now;
            listeners.publish(new KitharaEvent.PlaybackProgress(position, Optional.empty()));
        }
    }
}
