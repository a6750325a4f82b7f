package kithara.api.audio;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import kithara.api.event.KitharaListener;
import kithara.api.media.MediaInfo;

/**
 * One opened piece of audio: a {@link PcmReader} plus seeking, metadata and events. Owns a decode worker
 * thread; {@link #close()} ends it and frees everything.
 */
public interface Resource extends PcmReader, Closeable {

    /**
     * Moves playback to {@code position}. When it returns, no PCM from before the seek is ever read.
     *
     * @throws IOException when the source cannot seek (live streams) or the position is past the end
     */
    void seek(Duration position) throws IOException;

    /** Returns the total duration, when known. */
    Optional<Duration> duration();

    /** Returns what is known about the media being played. */
    MediaInfo mediaInfo();

    /** Adds a listener for this resource's events. */
    void addListener(KitharaListener listener);

    /** Removes a listener; no-op when it was not added. */
    void removeListener(KitharaListener listener);

    /** Stops the worker, closes the source and decoder. Idempotent; wakes a blocked reader (it gets -1). */
    @Override
    void close() throws IOException;
}
