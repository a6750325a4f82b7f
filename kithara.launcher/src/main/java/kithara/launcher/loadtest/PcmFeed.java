package kithara.launcher.loadtest;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;

/**
 * What a load test reads at real-time pace: one opened stream's interleaved float PCM, whichever engine makes it
 * (Kithara's {@link ResourceFeed}; another library's, to compare in the same harness).
 */
public interface PcmFeed extends Closeable {

    /** Returns the channels of every frame read. */
    int channels();

    /** Returns the frames per second. */
    int sampleRate();

    /**
     * Reads up to {@code length} samples (whole frames) into {@code dst} at {@code offset}, blocking until at least
     * one frame is there.
     *
     * @return samples read, or -1 at the end of the media
     */
    int read(float[] dst, int offset, int length) throws IOException;

    /** Starts again from the beginning, as a looping player does; false when the stream cannot (a live one). */
    boolean rewind();

    /** Opens the feed of one URI. */
    @FunctionalInterface
    interface Opener {

        /** Opens {@code uri}, ready to read. */
        PcmFeed open(URI uri) throws IOException;
    }
}
