package kithara.api.audio;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Plays a {@link PlayQueue} into an {@link AudioSink} on a thread of its own: the thread reads the queue and writes
 * its PCM to the sink while the player plays, and stops reading while it is paused. The transport methods may be
 * called from any thread and return at once: the playing thread applies them between two writes and then flushes the
 * sink, so nothing read before a seek or skip sounds after it. Items are edited on the {@link #queue()}; its listeners
 * hear of item changes and failures (a failed item is skipped), this player's of its own state. When the queue ends
 * the sink is drained and closed; the queue stays open until the player is closed.
 */
@ProviderType
public interface Player extends Closeable {

    /** Where the player is. */
    enum State {
        /** Created, not played yet. */
        STOPPED,
        /** Reading the queue into the sink. */
        PLAYING,
        /** Holding its position; the sink is paused. */
        PAUSED,
        /** The queue ended, the sink failed, or the player was closed; it plays no more. */
        ENDED
    }

    /** Told of a player's state changes; called on the player's thread or on the one that called it. */
    @FunctionalInterface
    interface Listener {
        /** The player is now in {@code state}; {@code failure} is why it ended early, when the sink or queue failed. */
        void stateChanged(State state, Optional<IOException> failure);
    }

    /** The queue the player plays; items are added, moved and removed there. */
    PlayQueue queue();

    /** Starts playing, or resumes after {@link #pause}; nothing once ended. */
    void play();

    /** Pauses: the sink is paused and the queue is not read until {@link #play}. */
    void pause();

    /** Moves playback within the current item; a position the item cannot reach is reported by the queue's reader. */
    void seek(Duration position);

    /** Goes on with the next item. */
    void next();

    /** Goes back to the item before (the current one again when it is the first). */
    void previous();

    /** Returns the player's state. */
    State state();

    /** Returns why the player ended early (the sink or the queue failed), if it did. */
    Optional<IOException> failure();

    /** Returns the playback position in the current item (as read from the queue). */
    Duration position();

    /**
     * Waits until the player has ended: the queue ended and the sink drained and closed, or it failed or was closed.
     *
     * @return whether it ended within {@code timeout}
     */
    boolean awaitEnd(Duration timeout) throws InterruptedException;

    /** Adds a listener for state changes. */
    void addListener(Listener listener);

    /** Removes a listener; no-op when it was not added. */
    void removeListener(Listener listener);

    /**
     * Ends playback, waits for the player's thread (a read stuck longer than a few seconds is interrupted), and closes
     * the sink and the queue. Idempotent.
     */
    @Override
    void close() throws IOException;
}
