package kithara.decoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import kithara.api.decode.PcmChunk;
import kithara.api.dsp.ResampleQuality;
import kithara.api.dsp.ResamplerSession;
import kithara.api.media.PcmSpec;

class SwrResamplerTest {

    private final SwrResampler resampler = new SwrResampler(FfmpegLoad.now("test"));

    @BeforeAll
    static void loadNatives() {
        FfmpegNatives.load("test");
    }

    private static float[] sine(int rate, int channels, int frames, double hz) {
        float[] s = new float[frames * channels];
        for (int i = 0; i < frames; i++) {
            float v = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
            for (int c = 0; c < channels; c++) {
                s[i * channels + c] = v;
            }
        }
        return s;
    }

    /** Converts {@code in} in chunks of {@code chunkFrames}, flushing at the end; returns all output. */
    private static float[] convert(ResamplerSession session, float[] in, int chunkFrames) throws IOException {
        int ch = session.input().channels();
        float[] all = new float[0];
        long expectedStart = 0;
        for (int at = 0; at < in.length / ch; at += chunkFrames) {
            int n = Math.min(chunkFrames, in.length / ch - at);
            float[] part = Arrays.copyOfRange(in, at * ch, (at + n) * ch);
            Optional<PcmChunk> out = session.process(new PcmChunk(session.input(), at, part, n));
            all = append(all, out, expectedStart);
            expectedStart = all.length / session.output().channels();
        }
        return append(all, session.flush(), expectedStart);
    }

    private static float[] append(float[] all, Optional<PcmChunk> chunk, long expectedStart) {
        if (chunk.isEmpty()) {
            return all;
        }
        PcmChunk c = chunk.get();
        assertEquals(expectedStart, c.startFrame(), "output chunks are contiguous on the output timeline");
        float[] joined = Arrays.copyOf(all, all.length + c.sampleCount());
        System.arraycopy(c.samples(), 0, joined, all.length, c.sampleCount());
        return joined;
    }

    /** Estimates channel 0's frequency from its zero crossings in the middle half (away from silent edges). */
    static double frequencyOf(float[] s, int channels, int rate) {
        int frames = s.length / channels;
        int from = frames / 4;
        int to = frames * 3 / 4;
        long crossings = 0;
        for (int i = from + 1; i < to; i++) {
            if ((s[i * channels] >= 0) != (s[(i - 1) * channels] >= 0)) {
                crossings++;
            }
        }
        return crossings / 2.0 / ((double) (to - from) / rate);
    }

    /** SNR in dB of channel 0 against the best-fitting sine of {@code hz}, away from the edges. */
    static double snrAgainstSine(float[] s, int channels, int rate, double hz) {
        int frames = s.length / channels;
        int from = rate / 10;
        int to = frames - rate / 10;
        double ss = 0;
        double sc = 0;
        double cc = 0;
        double ys = 0;
        double yc = 0;
        for (int i = from; i < to; i++) {
            double a = Math.sin(2 * Math.PI * hz * i / rate);
            double b = Math.cos(2 * Math.PI * hz * i / rate);
            double y = s[i * channels];
            ss += a * a;
            sc += a * b;
            cc += b * b;
            ys += y * a;
            yc += y * b;
        }
        double det = ss * cc - sc * sc;
        double p = (ys * cc - yc * sc) / det;
        double q = (yc * ss - ys * sc) / det;
        double signal = 0;
        double noise = 0;
        for (int i = from; i < to; i++) {
            double fit = p * Math.sin(2 * Math.PI * hz * i / rate) + q * Math.cos(2 * Math.PI * hz * i / rate);
            signal += fit * fit;
            double e = s[i * channels] - fit;
            noise += e * e;
        }
        return 10 * Math.log10(signal / noise);
    }

    @Test
    void highQualityConvertsA1kHzSineFrom44100To48000Cleanly() throws IOException {
        float[] in = sine(44100, 2, 44100 * 2, 1000);
        double previous = 0;
        for (ResampleQuality q : ResampleQuality.values()) {
            try (ResamplerSession s = resampler.open(PcmSpec.of(44100, 2), PcmSpec.of(48000, 2), q)) {
                float[] out = convert(s, in, 4096);
                assertEquals(96000, out.length / 2, 2, q + ": length");
                double snr = snrAgainstSine(out, 2, 48000, 1000);
                if (q == ResampleQuality.HIGH) {
                    assertTrue(snr > 90, "HIGH: " + snr + " dB");
                }
                assertTrue(snr >= previous - 1, q + " is no worse than the level below: " + snr + " < " + previous);
                previous = snr;
            }
        }
    }

    @Test
    void chunkBoundariesDoNotChangeTheOutput() throws IOException {
        float[] in = sine(44100, 2, 30_000, 440);
        float[] whole;
        float[] chunked;
        try (ResamplerSession s = resampler.open(PcmSpec.of(44100, 2), PcmSpec.of(22050, 2), ResampleQuality.NORMAL)) {
            whole = convert(s, in, 30_000);
        }
        try (ResamplerSession s = resampler.open(PcmSpec.of(44100, 2), PcmSpec.of(22050, 2), ResampleQuality.NORMAL)) {
            chunked = convert(s, in, 333);
        }
        assertArrayEquals(whole, chunked);
    }

    @Test
    void mixesChannelLayouts() throws IOException {
        try (ResamplerSession up = resampler.open(PcmSpec.of(48000, 1), PcmSpec.of(48000, 2), ResampleQuality.NORMAL)) {
            float[] out = convert(up, sine(48000, 1, 4800, 440), 4800);
            assertEquals(9600, out.length);
            for (int i = 0; i < out.length; i += 2) {
                assertEquals(out[i], out[i + 1], "mono goes to both sides equally");
            }
        }
        float[] surround = new float[6 * 4800];
        for (int i = 0; i < 4800; i++) {
            surround[i * 6] = 0.5f; // front left only
        }
        try (ResamplerSession down = resampler.open(PcmSpec.of(48000, 6), PcmSpec.of(48000, 2), ResampleQuality.NORMAL)) {
            float[] out = convert(down, surround, 1000);
            assertEquals(9600, out.length);
            assertTrue(out[200] > 0.1f && Math.abs(out[201]) < 1e-6, "front left stays left: " + out[200] + ", " + out[201]);
        }
    }

    @Test
    void resetStartsAFreshTimelineAndWrongSpecsAreRefused() throws IOException {
        try (ResamplerSession s = resampler.open(PcmSpec.of(44100, 2), PcmSpec.of(48000, 2), ResampleQuality.FAST)) {
            s.process(new PcmChunk(PcmSpec.of(44100, 2), 0, sine(44100, 2, 1000, 440), 1000));
            s.reset();
            PcmChunk after = s.process(new PcmChunk(PcmSpec.of(44100, 2), 44100, sine(44100, 2, 4410, 440), 4410))
                    .orElseThrow();
            assertEquals(48000, after.startFrame(), "re-based on the chunk after the reset");
            assertThrows(IllegalArgumentException.class,
                    () -> s.process(new PcmChunk(PcmSpec.of(48000, 2), 0, new float[2], 1)));
        }
    }
}
