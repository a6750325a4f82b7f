package kithara.launcher.command;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

import kithara.api.audio.JavaSound;
import kithara.api.audio.PcmReader;
import kithara.api.audio.PlayQueue;
import kithara.api.audio.Resource;

/** The default audio device through javax.sound.sampled, as 16-bit stereo at 44.1 kHz. */
final class Speaker implements AutoCloseable {

    /** The rate resources are opened at for playback. */
    static final int RATE = 44100;
    /** The channel count resources are opened at for playback. */
    static final int CHANNELS = 2;

    private final SourceDataLine line;

    private Speaker(SourceDataLine line) {
        this.line = line;
    }

    /**
     * Opens the default device.
     *
     * @return the speaker, or empty when there is no usable device (then {@code why} holds the reason)
     */
    static Optional<Speaker> open(StringBuilder why) {
        AudioFormat format = new AudioFormat(RATE, 16, CHANNELS, true, false);
        try {
            SourceDataLine line = AudioSystem.getSourceDataLine(format);
            line.open(format);
            return Optional.of(new Speaker(line));
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            why.append(e.getMessage());
            return Optional.empty();
        }
    }

    /** What playback controls besides reading: a resource, or a queue of them. */
    interface Controls {
        /** Moves playback to {@code position} (in the current item). */
        void seek(Duration position) throws IOException;

        /** The length of what plays now, when known. */
        Optional<Duration> duration();

        /** Goes to the next item ({@code items} above 0) or the previous one (below 0); nothing for one resource. */
        void skip(int items) throws IOException;
    }

    /** The controls of one resource: seeks, no items to skip. */
    static Controls of(Resource r) {
        return new Controls() {
            @Override
            public void seek(Duration position) throws IOException {
                r.seek(position);
            }

            @Override
            public Optional<Duration> duration() {
                return r.duration();
            }

            @Override
            public void skip(int items) {
            }
        };
    }

    /** The controls of a play queue: seeks in the current item, skips to the next or previous one. */
    static Controls of(PlayQueue queue) {
        return new Controls() {
            @Override
            public void seek(Duration position) throws IOException {
                queue.seek(position);
            }

            @Override
            public Optional<Duration> duration() {
                return Optional.empty();
            }

            @Override
            public void skip(int items) throws IOException {
                if (items > 0) {
                    queue.next();
                } else {
                    queue.previous();
                }
            }
        };
    }

    /**
     * Plays {@code pcm} (at {@link #RATE} and {@link #CHANNELS}) to its end or until {@code keys} quit, pausing, seeking
     * and skipping as they ask; shows progress on {@code bar}. Returns the frames played.
     */
    long play(PcmReader pcm, Controls controls, PlaybackKeys keys, ProgressBar bar) throws IOException {
        line.start();
        AudioInputStream samples = JavaSound.stream(pcm, JavaSound.Encoding.PCM_16);
        int frameSize = samples.getFormat().getFrameSize();
        byte[] bytes = new byte[4096 * frameSize];
        long frames = 0;
        try {
            for (int n = samples.read(bytes); n >= 0 && !keys.quit(); n = samples.read(bytes)) {
                line.write(bytes, 0, n);
                frames += n / frameSize;
                bar.update(pcm.position(), controls.duration(), false);
                if (keys.isPaused()) {
                    line.stop();
                    if (keys.waitWhilePaused()) {
                        break;
                    }
                    line.start();
                }
                Duration seek = keys.takeSeek();
                int skips = keys.takeSkips();
                if (!seek.isZero() || skips != 0) {
                    if (skips != 0) {
                        controls.skip(skips);
                    } else {
                        Duration target = pcm.position().plus(seek);
                        controls.seek(target.isNegative() ? Duration.ZERO : target);
                    }
                    line.flush();
                    samples = JavaSound.stream(pcm, JavaSound.Encoding.PCM_16); // nothing read before it is played
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        line.drain();
        bar.update(pcm.position(), controls.duration(), true);
        return frames;
    }

    @Override
    public void close() {
        line.close();
    }
}
