package kithara.audio;

import java.io.IOException;
import java.util.Arrays;

import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;

/**
 * One crossfade of a play queue in progress: the item fading in, and the equal-power mix of the item fading out with it
 * over a fixed number of frames (out·cos(t·π/2) + in·sin(t·π/2), t from 0 to 1 at frame centres), so the loudness
 * stays even across the change.
 */
final class Crossfade {

    private final int index;
    private final ResourceRequest item;
    private final Resource incoming;
    private final long frames;
    private long done;
    private float[] scratch = new float[0];

    /** A fade over {@code frames} frames into {@code incoming}, the queue's item at {@code index}. */
    Crossfade(int index, ResourceRequest item, Resource incoming, long frames) {
        this.index = index;
        this.item = item;
        this.incoming = incoming;
        this.frames = frames;
    }

    int index() {
        return index;
    }

    ResourceRequest item() {
        return item;
    }

    Resource incoming() {
        return incoming;
    }

    /** Frames of the fade still to mix. */
    long framesLeft() {
        return frames - done;
    }

    /** The gain of the item fading out at fraction {@code t} of the fade. */
    static float gainOut(double t) {
        return (float) Math.cos(t * Math.PI / 2);
    }

    /** The gain of the item fading in at fraction {@code t} of the fade. */
    static float gainIn(double t) {
        return (float) Math.sin(t * Math.PI / 2);
    }

    /**
     * Mixes the {@code n} samples of the outgoing item in {@code dst} with as many of the incoming one (silence where
     * it has none), in place.
     */
    void mix(float[] dst, int offset, int n, int channels) throws IOException {
        if (scratch.length < n) {
            scratch = new float[n];
        }
        int filled = 0;
        while (filled < n) {
            int got = incoming.read(scratch, filled, n - filled);
            if (got < 0) {
                break;
            }
            filled += got;
        }
        Arrays.fill(scratch, filled, n, 0f);
        for (int frame = 0; frame < n / channels; frame++) {
            double t = (done + frame + 0.5) / frames;
            float out = gainOut(t);
            float in = gainIn(t);
            for (int c = 0; c < channels; c++) {
                int i = frame * channels + c;
                dst[offset + i] = dst[offset + i] * out + scratch[i] * in;
            }
        }
        done += n / channels;
    }
}
