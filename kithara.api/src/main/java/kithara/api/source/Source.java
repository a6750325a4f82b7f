package kithara.api.source;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import kithara.api.event.KitharaListener;
import kithara.api.media.MediaInfo;

/**
 * Random-access bytes that may still be arriving: a local file, a progressive download, or the
 * stitched segments of an HLS stream. Position-free: readers keep their own cursor (see the
 * {@code SourceStream} view in kithara.stream).
 *
 * <p>Threads: {@link #readAt} and {@link #waitRange} are safe for one reader thread while producers
 * add bytes on others; {@link #close} may be called from any thread and wakes the reader.
 *
 * <p>Failures stick: once a source has failed, every later wait or read throws a
 * {@link SourceException} with the same cause.
 */
public interface Source extends Closeable {

    /**
     * Blocks until every byte of {@code range} is present, the end is reached, the source is cancelled,
     * or {@code timeout} passes.
     *
     * @return {@link WaitOutcome#READY} when the bytes are present (an empty range is ready at once);
     *         {@link WaitOutcome#EOF} when {@code range.start()} is at or past the known end (bytes up to
     *         the end may be read first); {@link WaitOutcome#TIMED_OUT}; {@link WaitOutcome#CANCELLED}
     * @throws java.io.InterruptedIOException when the calling thread is interrupted (its flag is set again)
     * @throws SourceException when the source failed; names the range and carries the cause
     */
    WaitOutcome waitRange(ByteRange range, Duration timeout) throws IOException;

    /**
     * Copies bytes at {@code offset} into {@code dst} without blocking, up to {@code dst.remaining()}.
     *
     * @return {@code Bytes(n)} with {@code n > 0} and {@code dst}'s position advanced by {@code n};
     *         {@code Pending(reason)} when no byte is present at {@code offset} yet; {@code Eof} when
     *         {@code offset} is at or past the end
     * @throws SourceException when the source failed
     * @throws IllegalArgumentException when {@code offset < 0} or {@code dst} has no space
     */
    ReadOutcome readAt(long offset, ByteBuffer dst) throws IOException;

    /** Returns the total length in bytes, or empty while it is unknown (chunked, live, not yet learned). */
    OptionalLong length();

    /** Returns the state shared between this source's reader and producers. */
    Timeline timeline();

    /** Returns what the protocol knows about the media; {@link MediaInfo#UNKNOWN} by default. */
    default MediaInfo mediaInfo() {
        return MediaInfo.UNKNOWN;
    }

    /**
     * Returns where the bytes come from after redirects, once a response said so; empty when no response did (a
     * local file, bytes served from the cache).
     */
    default Optional<URI> location() {
        return Optional.empty();
    }

    /** Returns the phase of the source as a whole. */
    SourcePhase phase();

    /** Returns the phase of one range: READY when all of it is present, otherwise what it waits on. */
    SourcePhase phaseAt(ByteRange range);

    /**
     * Maps a playback time to where reading should start. Progressive sources cannot map time to bytes
     * and return empty: the decoder then seeks through the container's own index. Sources with
     * {@link #periodAt format periods} start a new period at the anchor, fetched from there on.
     */
    default Optional<SeekAnchor> seekAnchor(Duration time) {
        return Optional.empty();
    }

    /**
     * Returns the format period holding byte {@code offset}, for sources whose format can change mid-stream (HLS);
     * empty for sources of one format. A reader of a period reads up to the next period's {@code byteStart} and
     * then opens a new decoder on the next period. A read at a period's start whose bytes have not arrived yet
     * returns {@link PendingReason#VARIANT_CHANGE} when the period is a variant switch.
     */
    default Optional<FormatPeriod> periodAt(long offset) {
        return Optional.empty();
    }

    /**
     * Adds a listener for the protocol's own events (download progress, completion and errors, ranges
     * unsupported, variant switches). Sources without events ignore it.
     */
    default void addListener(KitharaListener listener) {
    }

    /** Removes a listener; no-op when it was not added. */
    default void removeListener(KitharaListener listener) {
    }

    /** Cancels pending work, wakes waiting readers (they get CANCELLED) and frees resources. Idempotent. */
    @Override
    void close() throws IOException;
}
