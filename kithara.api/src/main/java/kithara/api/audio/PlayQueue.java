package kithara.api.audio;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Items played back to back as one {@link PcmReader}: the PCM of each item follows the last sample of the one before
 * with nothing inserted or lost (encoder delay and padding are trimmed as for single resources), every item converted
 * to the queue's {@link #spec()}. The item after the current one is opened and decoded ahead while the current one
 * plays, so the reader does not wait at the change. An item that cannot be opened or decoded is reported to the
 * listeners and skipped. Read by one thread; the editing methods may be called from any thread.
 */
@ProviderType
public interface PlayQueue extends PcmReader, Closeable {

    /** What follows the last item. */
    enum Repeat {
        /** The queue ends after its last item. */
        OFF,
        /** The current item plays again and again. */
        ONE,
        /** The first item follows the last. */
        ALL
    }

    /** Appends an item. */
    void add(ResourceRequest item);

    /** Inserts an item at {@code index} (0 to the size); the items from there move one place on. */
    void insert(int index, ResourceRequest item);

    /**
     * Removes the item at {@code index}. Removing the current item ends it: the next read continues with the item that
     * took its place.
     */
    void remove(int index);

    /** Moves the item at {@code from} to {@code to}; the current item stays current wherever it goes. */
    void move(int from, int to);

    /** Removes every item; the next read returns -1 unless items are added first. */
    void clear();

    /** Returns the items, in playing order. */
    List<ResourceRequest> items();

    /** Returns the index of the item being played, or -1 before the first read and after the end. */
    int currentIndex();

    /** Returns the duration of the item being played, when it is known (not before the first read, not live). */
    Optional<Duration> duration();

    /** Ends the current item and continues with the next one (the first one when {@link Repeat#ALL} wraps). */
    void next() throws IOException;

    /** Ends the current item and continues with the one before it (the current one again when it is the first). */
    void previous() throws IOException;

    /**
     * Moves playback within the current item; {@link #position()} is the position in the current item. Before the
     * first read, the first item to play is opened and starts there (a queue that resumes a track).
     *
     * @throws IOException when the item cannot seek there
     */
    void seek(Duration position) throws IOException;

    /** Sets what follows the last item (default {@link Repeat#OFF}). */
    void setRepeat(Repeat repeat);

    /**
     * Sets the crossfade between items that follow each other (default zero: none, every sample of every item plays):
     * the last {@code length} of an item, when its duration is known, plays mixed with the start of the next one at
     * equal power (gains cos and sin of t·π/2 as t goes from 0 to 1), and the next item counts as started when its
     * fade begins. At most half of an item fades; skipping or editing the queue ends a fade under way.
     */
    void setCrossfade(Duration length);

    /** Adds a listener for item changes and failures. */
    void addListener(QueueListener listener);

    /** Removes a listener; no-op when it was not added. */
    void removeListener(QueueListener listener);

    /** Closes the current and the preloaded item and ends the queue's threads; a blocked reader gets -1. Idempotent. */
    @Override
    void close() throws IOException;
}
