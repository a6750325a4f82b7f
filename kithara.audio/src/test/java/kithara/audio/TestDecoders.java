package kithara.audio;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderException;
import kithara.api.decode.DecoderInput;
import kithara.api.decode.DecoderProvider;
import kithara.api.decode.PcmChunk;
import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;

/** Decoders and providers that follow a script, for the tests of what a resource does with them. */
final class TestDecoders {

    /** The spec of every scripted decoder: 48 kHz stereo. */
    static final PcmSpec SPEC = PcmSpec.of(48_000, 2);
    /** The spec of {@link Counting}: mono, so that a sample's value is its frame number. */
    static final PcmSpec MONO = PcmSpec.of(48_000, 1);

    private TestDecoders() {
    }

    /** What a provider's open does. */
    @FunctionalInterface
    interface OpenScript {
        Decoder open() throws IOException;
    }

    /** A provider named {@code name}, supporting every media, whose open runs {@code open}. */
    static RankedProviders.Ranked<DecoderProvider> provider(String name, int ranking, OpenScript open) {
        DecoderProvider p = new DecoderProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean supports(MediaInfo info) {
                return true;
            }

            @Override
            public Decoder open(DecoderInput input, MediaInfo hint) throws IOException {
                input.close();
                return open.open();
            }
        };
        return new RankedProviders.Ranked<>(p, ranking, ranking, name);
    }

    /** A decoder of silence: {@code chunks} chunks of 480 frames, then {@code after} runs (the end when null). */
    static final class Scripted implements Decoder {
        private final int chunks;
        private final Supplier<Optional<PcmChunk>> after;
        private final AtomicInteger closes;
        private int given;

        Scripted(int chunks, Supplier<Optional<PcmChunk>> after, AtomicInteger closes) {
            this.chunks = chunks;
            this.after = after;
            this.closes = closes;
        }

        @Override
        public PcmSpec spec() {
            return SPEC;
        }

        @Override
        public MediaInfo mediaInfo() {
            return MediaInfo.UNKNOWN.withPcm(SPEC);
        }

        @Override
        public Optional<Duration> duration() {
            return Optional.empty();
        }

        @Override
        public Optional<PcmChunk> next() {
            if (given < chunks) {
                return Optional.of(new PcmChunk(SPEC, 480L * given++, new float[960], 480));
            }
            return after == null ? Optional.empty() : after.get();
        }

        @Override
        public void seek(Duration position) throws IOException {
            throw new IOException("no seeking in this test");
        }

        @Override
        public Duration position() {
            return SPEC.durationOf(480L * given);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    /**
     * A mono decoder of {@code frames} frames whose samples are their frame numbers, in chunks of {@value #CHUNK}
     * frames; it fails with a NATIVE {@link DecoderException} at frame {@code failAt} (never when negative). It seeks.
     * Tests may subclass it to watch its calls.
     */
    static class Counting implements Decoder {
        /** Frames per chunk. */
        static final int CHUNK = 480;

        private final long frames;
        private final long failAt;
        private long next;

        Counting(long frames, long failAt) {
            this.frames = frames;
            this.failAt = failAt;
        }

        @Override
        public PcmSpec spec() {
            return MONO;
        }

        @Override
        public MediaInfo mediaInfo() {
            return MediaInfo.UNKNOWN.withPcm(MONO);
        }

        @Override
        public Optional<Duration> duration() {
            return Optional.of(MONO.durationOf(frames));
        }

        @Override
        public Optional<PcmChunk> next() throws IOException {
            if (next == failAt) {
                throw new DecoderException(DecoderException.Reason.NATIVE, "memory:test", "pcm", "the decoder broke", null);
            }
            if (next >= frames) {
                return Optional.empty();
            }
            int n = (int) Math.min(CHUNK, frames - next);
            float[] samples = new float[n];
            for (int i = 0; i < n; i++) {
                samples[i] = next + i;
            }
            PcmChunk chunk = new PcmChunk(MONO, next, samples, n);
            next += n;
            return Optional.of(chunk);
        }

        @Override
        public void seek(Duration position) {
            next = MONO.framesIn(position);
        }

        @Override
        public Duration position() {
            return MONO.durationOf(next);
        }

        @Override
        public void close() {
        }
    }
}
