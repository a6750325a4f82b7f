package kithara.api.audio;

import java.io.IOException;
import java.time.Duration;

import kithara.api.media.PcmSpec;

/**
 * A pull-style PCM view: the application reads float32 samples in the output spec. Used by one reader
 * thread.
 */
public interface PcmReader {

    /** Returns the format {@link #read} delivers; fixed for the reader's life. */
    PcmSpec spec();

    /**
     * Reads up to {@code length} interleaved samples (a whole number of frames) into {@code dst}.
     * Blocks until at least one frame is available or the end is reached.
     *
     * @return the number of samples read, a multiple of the channel count, or -1 at the end
     * @throws IOException when decoding failed for good; the same failure is thrown on later reads
     * @throws IllegalArgumentException when {@code length} is less than one frame
     */
    int read(float[] dst, int offset, int length) throws IOException;

    /** Reads into the whole array; see {@link #read(float[], int, int)}. */
    default int read(float[] dst) throws IOException {
        return read(dst, 0, dst.length);
    }

    /**
     * Reads up to {@code frames} frames into one array per channel, each written from {@code offset}.
     * Blocks like {@link #read(float[], int, int)}.
     *
     * @return the number of frames read, or -1 at the end
     */
    int readPlanar(float[][] dst, int offset, int frames) throws IOException;

    /** Returns the playback time of the next frame {@code read} returns. */
    Duration position();

    /** Returns whether every frame has been read. */
    boolean isEof();
}
