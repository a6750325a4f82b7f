package kithara.audio;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderInput;
import kithara.api.decode.DecoderProvider;
import kithara.api.decode.PcmChunk;
import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;

/** Decoders and providers that follow a script, for the tests of what a resource does with them. */
final class TestDecoders {

    /** The spec of every scripted decoder: 48 kHz stereo. */
    static final PcmSpec SPEC = PcmSpec.of(48_000, 2);

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
}
