package kithara.launcher.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples written in runs longer than the writer's buffer come back in every format, at their place. */
class WavWriterTest {

    private static final int SAMPLES = 100_003; // more than one 64 KiB buffer in every format, and not a multiple of it

    @TempDir
    Path dir;

    private static float sample(int i) {
        return (float) Math.sin(i * 0.01) * 1.2f; // beyond full scale at the peaks: integer formats clip
    }

    private static ByteBuffer written(Path dir, WavWriter.Format format) throws Exception {
        Path file = dir.resolve(format + ".raw");
        float[] samples = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            samples[i] = sample(i);
        }
        try (WavWriter out = WavWriter.toFile(file, format, 44_100, 2, false)) {
            out.write(samples, 7); // a short write, then the rest in one long run
            float[] rest = Arrays.copyOfRange(samples, 7, SAMPLES);
            out.write(rest, rest.length);
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(SAMPLES * format.bytes, b.remaining());
        return b;
    }

    @Test
    void floatSamplesComeBackBitForBit() throws Exception {
        ByteBuffer b = written(dir, WavWriter.Format.F32);
        for (int i = 0; i < SAMPLES; i++) {
            assertEquals(sample(i), b.getFloat(), "sample " + i);
        }
    }

    @Test
    void integerSamplesAreRoundedAndClipped() throws Exception {
        ByteBuffer s16 = written(dir, WavWriter.Format.S16);
        ByteBuffer s24 = written(dir, WavWriter.Format.S24);
        for (int i = 0; i < SAMPLES; i++) {
            float clipped = Math.max(-1f, Math.min(1f, sample(i)));
            assertEquals(Math.round(clipped * 32767f), s16.getShort(), "s16 sample " + i);
            int v = (s24.get() & 0xff) | (s24.get() & 0xff) << 8 | s24.get() << 16;
            assertEquals(Math.round(clipped * 8388607f), v, "s24 sample " + i);
        }
    }
}
