package kithara.api.audio;

import java.io.Closeable;
import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;

import kithara.api.media.PcmSpec;

/**
 * Where a {@link Player} puts PCM: a sound device ({@link JavaSound#defaultLine}), a file, a network stream. Written by
 * the player's thread only, in the sink's {@link #spec()}, at the pace the sink takes it: a device's write blocks
 * while its buffer is full, a file's returns at once.
 */
@ConsumerType
public interface AudioSink extends Closeable {

    /** The rate and channels the sink takes; the player's queue delivers exactly these. */
    PcmSpec spec();

    /** Writes {@code length} interleaved samples (whole frames) from {@code samples}; may block while the sink is full. */
    void write(float[] samples, int offset, int length) throws IOException;

    /** Playback pauses: stop sounding where it is (a device stops its line; nothing by default). */
    default void pause() {
    }

    /** Playback resumes after {@link #pause}. */
    default void resume() {
    }

    /** Playback jumped (a seek or a skip): samples written and not yet heard may be dropped. */
    default void flush() {
    }

    /** The queue ended: let everything written play out before {@link #close}. */
    default void drain() throws IOException {
    }

    /** Frees the sink. */
    @Override
    void close() throws IOException;
}
