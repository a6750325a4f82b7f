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
import kithara.api.media.PcmSpec;

/** The default audio device through javax.sound.sampled, as 16-bit stereo at 44.1 kHz. */
final class Speaker implements AutoCloseable {

    /** The rate resources are opened at for playback. */
    static final int RATE = 44100;
    /** The channel count resources are opened at for playback. */
    static final int CHANNELS = 2;
    /** Both: the spec queues and players play at. */
    static final PcmSpec SPEC = PcmSpec.of(RATE, CHANNELS);

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
     * Plays {@code pcm} (at {@link #RATE} and {@link #CHANNELS}) to its end or until {@code keys} quit, pausing and
     * seeking as they ask (a queue of several is a {@code Player}'s business); shows progress on {@code bar}. Returns
     * the frames played.
     */
    long play(Resource pcm, PlaybackKeys keys, ProgressBar bar) throws IOException {
        line.start();
        AudioInputStream samples = JavaSound.stream(pcm, JavaSound.Encoding.PCM_16);
        int frameSize = samples.getFormat().getFrameSize();
        byte[] bytes = new byte[4096 * frameSize];
        long frames = 0;
        try {
            for (int n = samples.read(bytes); n >= 0 && !keys.quit(); n = samples.read(bytes)) {
                line.write(bytes, 0, n);
                frames += n / frameSize;
                bar.update(pcm.position(), pcm.duration(), false);
                if (keys.isPaused()) {
                    line.stop();
                    if (keys.waitWhilePaused()) {
                        break;
                    }
                    line.start();
                }
                Duration seek = keys.takeSeek();
                keys.takeSkips(); // one resource: nothing to skip to
                if (!seek.isZero()) {
                    Duration target = pcm.position().plus(seek);
                    pcm.seek(target.isNegative() ? Duration.ZERO : target);
                    line.flush();
                    samples = JavaSound.stream(pcm, JavaSound.Encoding.PCM_16); // nothing read before it is played
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        line.drain();
        bar.update(pcm.position(), pcm.duration(), true);
        return frames;
    }

    @Override
    public void close() {
        line.close();
    }
}
