package kithara.launcher.loadtest;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * One stream of a load test, read as a player reads: it first buffers {@code lead} of audio and starts its device,
 * which from then on plays frame {@code f} at {@code f / rate}; {@link #keepUp} keeps {@code lead} of audio ahead of
 * the device. A read that returns after the device needed the first frame it brings is an underrun (the device
 * played silence instead). At the end
 * of the media the stream starts again from the beginning, as a looping player does.
 */
final class PacedStream {

    private final URI uri;
    private final PcmFeed feed;
    private final long leadFrames;
    private final double framesPerNano;
    private final int channels;
    private final Lateness lateness;
    private long consumed;
    private long clockStart;
    private long underruns;
    private long loops;

    /**
     * @param lateness where every read's lateness goes (shared by all streams)
     */
    PacedStream(URI uri, PcmFeed feed, Duration lead, Lateness lateness) {
        this.uri = uri;
        this.feed = feed;
        this.channels = feed.channels();
        this.leadFrames = (long) (lead.toNanos() * (feed.sampleRate() / 1e9));
        this.framesPerNano = feed.sampleRate() / 1e9;
        this.lateness = lateness;
    }

    /** Buffers the lead and starts the audio clock. */
    void prime(float[] buffer) throws IOException {
        while (consumed < leadFrames) {
            if (!readOnce(buffer, Long.MAX_VALUE)) {
                break;
            }
        }
        clockStart = System.nanoTime();
    }

    /** Reads until what is due at {@code now} plus the lead has been read. */
    void keepUp(long now, float[] buffer) throws IOException {
        long target = (long) ((now - clockStart) * framesPerNano) + leadFrames;
        while (consumed < target) {
            long due = clockStart + (long) (consumed / framesPerNano); // the device plays frame f at f / rate
            if (!readOnce(buffer, due)) {
                return;
            }
        }
    }

    /** One read; false when the media ended and cannot start again (a live stream, say). */
    private boolean readOnce(float[] buffer, long due) throws IOException {
        int n = feed.read(buffer, 0, buffer.length - buffer.length % channels);
        long returned = System.nanoTime();
        if (n < 0) {
            return restart();
        }
        if (due != Long.MAX_VALUE) {
            long late = returned - due;
            lateness.record(late);
            if (late > 0) {
                underruns++;
            }
        }
        consumed += n / channels;
        return true;
    }

    private boolean restart() {
        if (!feed.rewind()) {
            return false;
        }
        loops++;
        return true;
    }

    URI uri() {
        return uri;
    }

    long underruns() {
        return underruns;
    }

    long loops() {
        return loops;
    }

    void close() throws IOException {
        feed.close();
    }
}
