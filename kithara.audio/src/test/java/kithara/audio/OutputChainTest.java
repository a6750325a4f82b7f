package kithara.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

import kithara.api.decode.DecoderException;
import kithara.api.decode.PcmChunk;
import kithara.api.dsp.AudioEffect;
import kithara.api.dsp.ResampleQuality;
import kithara.api.dsp.Resampler;
import kithara.api.dsp.ResamplerSession;
import kithara.api.media.PcmSpec;

/** When the chain converts, what it opens and frees, and the effects in order. */
class OutputChainTest {

    private static final PcmSpec STEREO_48K = PcmSpec.of(48_000, 2);

    /** Sessions that take every second frame of their input (a rate halved, as far as this test cares). */
    private final List<String> log = new ArrayList<>();
    private final Resampler halving = (in, out, quality) -> new ResamplerSession() {
        @Override
        public PcmSpec input() {
            return in;
        }

        @Override
        public PcmSpec output() {
            return out;
        }

        @Override
        public Optional<PcmChunk> process(PcmChunk chunk) {
            int ch = out.channels();
            float[] samples = new float[chunk.frames() / 2 * ch];
            for (int f = 0; f < chunk.frames() / 2; f++) {
                System.arraycopy(chunk.samples(), 2 * f * ch, samples, f * ch, ch);
            }
            return Optional.of(new PcmChunk(out, chunk.startFrame() / 2, samples, chunk.frames() / 2));
        }

        @Override
        public Optional<PcmChunk> flush() {
            log.add("flush " + in.sampleRate());
            return Optional.empty();
        }

        @Override
        public void reset() {
            log.add("reset " + in.sampleRate());
        }

        @Override
        public void close() {
            log.add("close " + in.sampleRate());
        }
    };

    private OutputChain chain(Optional<Resampler> resampler, List<AudioEffect> effects) {
        return new OutputChain(STEREO_48K, ResampleQuality.NORMAL, () -> resampler, effects, "memory:test");
    }

    @Test
    void pcmAlreadyInTheOutputSpecPassesThroughWithoutAResampler() throws IOException {
        try (OutputChain chain = chain(Optional.empty(), List.of())) {
            PcmChunk decoded = new PcmChunk(STEREO_48K, 0, new float[] {1, 2, 3, 4}, 2);
            assertSame(decoded, chain.convert(decoded).orElseThrow());
            assertEquals(Optional.empty(), chain.flush());
        }
    }

    @Test
    void anotherRateIsConvertedAndANewInputSpecGetsANewSession() throws IOException {
        OutputChain chain = chain(Optional.of(halving), List.of());
        PcmChunk at96k = new PcmChunk(PcmSpec.of(96_000, 2), 0, new float[] {1, 1, 2, 2, 3, 3, 4, 4}, 4);
        assertArrayEquals(new float[] {1, 1, 3, 3}, chain.convert(at96k).orElseThrow().samples());
        chain.convert(at96k);
        chain.convert(new PcmChunk(PcmSpec.of(88_200, 2), 0, new float[4], 2));
        chain.seeked();
        chain.flush();
        chain.close();
        assertEquals(List.of("close 96000", "reset 88200", "flush 88200", "close 88200"), log);
    }

    @Test
    void withoutAResamplerServiceAConversionFailsNamingBothSpecs() {
        OutputChain chain = chain(Optional.empty(), List.of());
        DecoderException e = assertThrows(DecoderException.class,
                () -> chain.convert(new PcmChunk(PcmSpec.of(44_100, 1), 0, new float[2], 2)));
        assertTrue(e.getMessage().contains("no Resampler service to convert"), e.getMessage());
    }

    @Test
    void effectsArePreparedForTheOutputAndRunInOrder() {
        List<String> calls = new ArrayList<>();
        AudioEffect addOne = effect("add", calls, s -> s + 1);
        AudioEffect twice = effect("double", calls, s -> s * 2);
        OutputChain chain = chain(Optional.empty(), List.of(addOne, twice));
        float[] samples = {1, 2, 3, 4};
        chain.applyEffects(samples, 2);
        assertArrayEquals(new float[] {4, 6, 8, 10}, samples);
        chain.seeked();
        assertEquals(List.of("add prepare " + STEREO_48K, "double prepare " + STEREO_48K, "add reset", "double reset"), calls);
    }

    private static AudioEffect effect(String name, List<String> calls,
                                    DoubleUnaryOperator op) {
        return new AudioEffect() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void prepare(PcmSpec spec) {
                calls.add(name + " prepare " + spec);
            }

            @Override
            public void process(float[] samples, int frames) {
                for (int i = 0; i < frames * 2; i++) {
                    samples[i] = (float) op.applyAsDouble(samples[i]);
                }
            }

            @Override
            public void reset() {
                calls.add(name + " reset");
            }
        };
    }
}
