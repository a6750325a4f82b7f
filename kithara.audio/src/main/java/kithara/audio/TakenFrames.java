package kithara.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * The frames one read took off a {@link PcmQueue} under its lock, to be copied outside it: the chunks in order, the
 * first one from {@code firstOffset}, the last one perhaps only in part. Its chunks' arrays stay the reader's until
 * {@link #finished} hands the ones read to their end back. Used by one reader.
 */
final class TakenFrames {

    private final int firstOffset;
    private final List<PcmQueue.Chunk> chunks = new ArrayList<>(4);
    private int frames;
    /** Frames taken from the last chunk, which may be fewer than it holds. */
    private int lastFrames;

    TakenFrames(int firstOffset) {
        this.firstOffset = firstOffset;
    }

    /** Adds {@code n} frames of {@code chunk}: from {@code firstOffset} for the first chunk, else from its start. */
    void add(PcmQueue.Chunk chunk, int n) {
        chunks.add(chunk);
        frames += n;
        lastFrames = n;
    }

    /** Returns how many frames were taken. */
    int frames() {
        return frames;
    }

    /** Copies the frames, interleaved in {@code channels}, into {@code dst} from {@code offset}. */
    void copyTo(float[] dst, int offset, int channels) {
        int at = offset;
        for (int i = 0; i < chunks.size(); i++) {
            PcmQueue.Chunk c = chunks.get(i);
            int from = i == 0 ? firstOffset : 0;
            int n = i == chunks.size() - 1 ? lastFrames : c.frames() - from;
            System.arraycopy(c.samples(), from * channels, dst, at, n * channels);
            at += n * channels;
        }
    }

    /** The arrays of the chunks taken to their end, for the worker to fill again once copied. */
    List<float[]> finished() {
        List<float[]> done = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            PcmQueue.Chunk c = chunks.get(i);
            int from = i == 0 ? firstOffset : 0;
            if (i < chunks.size() - 1 || from + lastFrames == c.frames()) {
                done.add(c.samples());
            }
        }
        return done;
    }
}
