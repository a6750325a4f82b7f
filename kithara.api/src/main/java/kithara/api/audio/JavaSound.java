package kithara.api.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

import kithara.api.media.PcmSpec;

/**
 * Kithara's PCM for {@code javax.sound}: an {@link AudioInputStream} over a {@link PcmReader} (a {@link Resource} or a
 * {@link PlayQueue}) in the reader's rate and channels, as 16-bit signed or 32-bit float little-endian samples, so
 * existing Java Sound code ({@code SourceDataLine}, {@code AudioSystem.write}) plays or stores it. Reading the stream
 * reads the reader; closing it does not close the reader. {@link #defaultLine} is the default device as an
 * {@link AudioSink} for a {@link Player}.
 */
public final class JavaSound {

    /** The sample encodings offered. */
    public enum Encoding {
        /** 16-bit signed integers, clipped to [-1, 1] first: what every sound card takes. */
        PCM_16,
        /** 32-bit IEEE floats, Kithara's own samples unchanged. */
        FLOAT_32
    }

    private JavaSound() {
    }

    /** Returns the format the stream delivers for this reader and encoding. */
    public static AudioFormat formatOf(PcmReader reader, Encoding encoding) {
        int rate = reader.spec().sampleRate();
        int channels = reader.spec().channels();
        return encoding == Encoding.PCM_16
                ? new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, channels, 2 * channels, rate, false)
                : new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, rate, 32, channels, 4 * channels, rate, false);
    }

    /** Returns a stream of the reader's PCM, of unknown length, ending where the reader ends. */
    public static AudioInputStream stream(PcmReader reader, Encoding encoding) {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(encoding, "encoding");
        return new AudioInputStream(new Samples(reader, encoding), formatOf(reader, encoding), AudioSystem.NOT_SPECIFIED);
    }

    /** The reader's samples as little-endian bytes, a read of the reader at a time. */
    private static final class Samples extends InputStream {

        private final PcmReader reader;
        private final Encoding encoding;
        private final float[] pcm;
        private final ByteBuffer bytes;
        private boolean ended;

        Samples(PcmReader reader, Encoding encoding) {
            this.reader = reader;
            this.encoding = encoding;
            this.pcm = new float[2048 * reader.spec().channels()];
            int width = encoding == Encoding.PCM_16 ? 2 : 4;
            this.bytes = ByteBuffer.allocate(pcm.length * width).order(ByteOrder.LITTLE_ENDIAN);
            bytes.flip();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] dst, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, dst.length);
            if (length == 0) {
                return 0;
            }
            if (!bytes.hasRemaining() && !refill()) {
                return -1;
            }
            int n = Math.min(length, bytes.remaining());
            bytes.get(dst, offset, n);
            return n;
        }

        @Override
        public int available() {
            return bytes.remaining();
        }

        /** Reads the next samples from the reader; false at its end. */
        private boolean refill() throws IOException {
            if (ended) {
                return false;
            }
            int n = reader.read(pcm, 0, pcm.length);
            if (n < 0) {
                ended = true;
                return false;
            }
            bytes.clear();
            encode(pcm, 0, n, encoding, bytes);
            bytes.flip();
            return true;
        }
    }

    /** Puts {@code length} samples from {@code offset} into {@code dst} in {@code encoding}. */
    private static void encode(float[] samples, int offset, int length, Encoding encoding, ByteBuffer dst) {
        for (int i = offset; i < offset + length; i++) {
            if (encoding == Encoding.PCM_16) {
                dst.putShort((short) Math.round(Math.max(-1f, Math.min(1f, samples[i])) * Short.MAX_VALUE));
            } else {
                dst.putFloat(samples[i]);
            }
        }
    }

    /**
     * Opens the default audio device's line for {@code spec} as 16-bit samples, as an {@link AudioSink} for a
     * {@link Player}: writes block while the line's buffer is full, pause stops the line, flush drops what it holds.
     *
     * @throws IOException when there is no such line (no device, or none that takes this format); the message says why
     */
    public static AudioSink defaultLine(PcmSpec spec) throws IOException {
        AudioFormat format = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, spec.sampleRate(), 16, spec.channels(),
                2 * spec.channels(), spec.sampleRate(), false);
        try {
            SourceDataLine line = AudioSystem.getSourceDataLine(format);
            line.open(format);
            line.start();
            return new LineSink(spec, line);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new IOException("no audio line for " + spec + ": " + e.getMessage(), e);
        }
    }

    /** A started {@link SourceDataLine} as a sink. */
    private static final class LineSink implements AudioSink {

        private final PcmSpec spec;
        private final SourceDataLine line;
        private ByteBuffer bytes = ByteBuffer.allocate(0);

        LineSink(PcmSpec spec, SourceDataLine line) {
            this.spec = spec;
            this.line = line;
        }

        @Override
        public PcmSpec spec() {
            return spec;
        }

        @Override
        public void write(float[] samples, int offset, int length) {
            if (bytes.capacity() < 2 * length) {
                bytes = ByteBuffer.allocate(2 * length).order(ByteOrder.LITTLE_ENDIAN);
            }
            bytes.clear();
            encode(samples, offset, length, Encoding.PCM_16, bytes);
            line.write(bytes.array(), 0, bytes.position());
        }

        @Override
        public void pause() {
            line.stop();
        }

        @Override
        public void resume() {
            line.start();
        }

        @Override
        public void flush() {
            line.flush();
        }

        @Override
        public void drain() {
            line.drain();
        }

        @Override
        public void close() {
            line.close();
        }
    }
}
