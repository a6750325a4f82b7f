package kithara.api.source;

import java.time.Duration;
import java.util.List;

/**
 * The state a source shares between its reader and its producer: the reader's byte position (the
 * producer applies look-ahead backpressure against it), the playback position and the ranges already
 * buffered. All methods are thread-safe and never block.
 */
public interface Timeline {

    /** Returns the byte offset the reader will read next. */
    long readPosition();

    /** Publishes the reader's byte offset; called by the reader only. */
    void publishReadPosition(long offset);

    /** Returns the playback time of the PCM most recently handed to the application. */
    Duration playbackPosition();

    /** Publishes the playback time; called by the decode pipeline only. */
    void publishPlaybackPosition(Duration position);

    /** Returns the byte ranges present, sorted and non-overlapping; a snapshot. */
    List<ByteRange> bufferedRanges();
}
