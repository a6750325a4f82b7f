package kithara.launcher.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import kithara.api.audio.PlayQueue;

/**
 * One playback of a play queue on a thread of its own, to the default audio device or into a WAV file, until the
 * queue ends or {@link #stop} is called. Pausing and skipping go through the same {@link PlaybackKeys} as the
 * keyboard of {@code kithara play}, so the thread that reads the queue is the one that applies them.
 */
final class QueuePlayback {

    private static final long STOP_WAIT_SECONDS = 10;

    /** What the thread does with the queue until it ends or the keys quit. */
    private interface Sink {
        void play(PlaybackKeys keys) throws IOException;
    }

    private final PlaybackKeys keys = PlaybackKeys.inert();
    private final Thread thread;
    private final String target;
    private volatile String failure;

    private QueuePlayback(String target, Sink sink) {
        this.target = target;
        this.thread = new Thread(() -> {
            try {
                sink.play(keys);
            } catch (IOException | RuntimeException e) {
                failure = e.getMessage();
            }
        }, "kithara-queue-playback");
        thread.setDaemon(true);
        thread.start();
    }

    /** Plays the queue (at {@link Speaker#RATE} and {@link Speaker#CHANNELS}) to the default audio device. */
    static QueuePlayback toDevice(PlayQueue queue) throws IOException {
        StringBuilder why = new StringBuilder();
        Speaker speaker = Speaker.open(why).orElseThrow(() -> new IOException("no audio device: " + why));
        return new QueuePlayback("the audio device", keys -> {
            try (speaker) {
                speaker.play(queue, Speaker.of(queue), keys, ProgressBar.none());
            }
        });
    }

    /** Writes the queue, as fast as it decodes, into a 32-bit float WAV file. */
    static QueuePlayback toFile(PlayQueue queue, Path file) throws IOException {
        int channels = queue.spec().channels();
        WavWriter out = WavWriter.toFile(file, WavWriter.Format.F32, queue.spec().sampleRate(), channels, true);
        return new QueuePlayback(file.toString(), keys -> {
            try (out) {
                float[] buf = new float[8192 * channels];
                for (int n = queue.read(buf); n >= 0 && !keys.quit(); n = queue.read(buf)) {
                    out.write(buf, n);
                    if (keys.isPaused() && keys.waitWhilePaused()) {
                        break;
                    }
                    if (keys.takeSkips() > 0) {
                        queue.next();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Where it plays to. */
    String target() {
        return target;
    }

    /** Why it ended before the queue did, if it did. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether it still plays (it ends with the queue). */
    boolean isAlive() {
        return thread.isAlive();
    }

    /** Pauses, or resumes when paused. */
    void togglePause() {
        keys.press(' ');
    }

    /** Goes to the next item. */
    void skip() {
        keys.press('n');
    }

    /** Ends the playback and waits for its thread (at most ten seconds; a read stuck longer is interrupted). */
    void stop() throws InterruptedException {
        keys.press('q');
        thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
        }
    }
}
