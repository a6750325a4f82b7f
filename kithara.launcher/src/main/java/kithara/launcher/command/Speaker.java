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

    /**
     * Plays {@code r} (opened at {@link #RATE} and {@link #CHANNELS}) to its end or until {@code keys} quit, pausing
     * and seeking as they ask; shows progress on {@code bar}. Returns the frames played.
     */
    long play(Resource r, PlaybackKeys keys, ProgressBar bar) throws IOException {
        line.start();
        AudioInputStream pcm = JavaSound.stream(r, JavaSound.Encoding.PCM_16);
        int frameSize = pcm.getFormat().getFrameSize();
        byte[] bytes = new byte[4096 * frameSize];
        long frames = 0;
        try {
            for (int n = pcm.read(bytes); n >= 0 && !keys.quit(); n = pcm.read(bytes)) {
                line.write(bytes, 0, n);
                frames += n / frameSize;
                bar.update(r.position(), r.duration(), false);
                if (keys.isPaused()) {
                    line.stop();
                    if (keys.waitWhilePaused()) {
                        break;
                    }
                    line.start();
                }
                Duration seek = keys.takeSeek();
                if (!seek.isZero()) {
                    Duration target = r.position().plus(seek);
                    r.seek(target.isNegative() ? Duration.ZERO : target);
                    line.flush();
                    pcm = JavaSound.stream(r, JavaSound.Encoding.PCM_16); // nothing read before the seek is played
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        line.drain();
        bar.update(r.position(), r.duration(), true);
        return frames;
    }

    @Override
    public void close() {
        line.close();
    }
}
