package kithara.api.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

import org.junit.jupiter.api.Test;

import kithara.api.media.PcmSpec;

/** The Java Sound view of a reader: its format, its bytes, its end. */
class JavaSoundTest {

    /** Stereo 8 kHz samples i / 10000 for i = 0 .. count-1, then {@code extra} beyond full scale. */
    private static PcmReader samples(int count, float... extra) {
        return new PcmReader() {
            private int next;

            @Override
            public PcmSpec spec() {
                return PcmSpec.of(8_000, 2);
            }

            @Override
            public int read(float[] dst, int offset, int length) {
                int total = count + extra.length;
                if (next == total) {
                    return -1;
                }
                int n = Math.min(Math.min(length, 6), total - next); // small reads: refills cross byte reads
                for (int i = 0; i < n; i++, next++) {
                    dst[offset + i] = next < count ? next / 10_000f : extra[next - count];
                }
                return n;
            }

            @Override
            public int readPlanar(float[][] dst, int offset, int frames) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Duration position() {
                return Duration.ZERO;
            }

            @Override
            public boolean isEof() {
                return next == count + extra.length;
            }
        };
    }

    @Test
    void floatSamplesPassUnchanged() throws IOException {
        AudioInputStream stream = JavaSound.stream(samples(100), JavaSound.Encoding.FLOAT_32);
        AudioFormat format = stream.getFormat();
        assertEquals(AudioFormat.Encoding.PCM_FLOAT, format.getEncoding());
        assertEquals(8_000f, format.getSampleRate());
        assertEquals(2, format.getChannels());
        assertEquals(8, format.getFrameSize());
        ByteBuffer bytes = ByteBuffer.wrap(stream.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(400, bytes.remaining());
        for (int i = 0; i < 100; i++) {
            assertEquals(i / 10_000f, bytes.getFloat(), 0f);
        }
        assertEquals(-1, stream.read(new byte[8]), "the end of the reader ends the stream");
    }

    @Test
    void sixteenBitSamplesAreRoundedAndClipped() throws IOException {
        AudioInputStream stream = JavaSound.stream(samples(4, 1.5f, -2f), JavaSound.Encoding.PCM_16);
        assertEquals(AudioFormat.Encoding.PCM_SIGNED, stream.getFormat().getEncoding());
        assertEquals(4, stream.getFormat().getFrameSize());
        ByteBuffer bytes = ByteBuffer.wrap(stream.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(12, bytes.remaining());
        for (int i = 0; i < 4; i++) {
            assertEquals(Math.round(i / 10_000f * Short.MAX_VALUE), bytes.getShort());
        }
        assertEquals(Short.MAX_VALUE, bytes.getShort());
        assertEquals(-Short.MAX_VALUE, bytes.getShort());
    }
}
