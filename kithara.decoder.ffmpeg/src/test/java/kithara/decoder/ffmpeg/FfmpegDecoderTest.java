package kithara.decoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import kithara.api.decode.DecoderException;
import kithara.api.decode.PcmChunk;
import kithara.api.media.AudioCodec;
import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;
import kithara.testkit.MemoryInput;

class FfmpegDecoderTest {

    private static final Path TESTDATA = Paths.get(System.getProperty("kithara.testdata", "../testdata"));

    @BeforeAll
    static void loadNatives() {
        FfmpegNatives.load("test");
    }

    /** What a whole decode produced: frame count, channel 0's zero crossings, and the first chunk's start. */
    record Decoded(long frames, int rate, int channels, double hz, long firstStartFrame) {
    }

    static Decoded decodeAll(FfmpegDecoder decoder) throws IOException {
        long frames = 0;
        long crossings = 0;
        float last = 0;
        long firstStart = -1;
        int rate = decoder.spec().sampleRate();
        int channels = decoder.spec().channels();
        for (Optional<PcmChunk> c = decoder.next(); c.isPresent(); c = decoder.next()) {
            PcmChunk chunk = c.get();
            if (firstStart < 0) {
                firstStart = chunk.startFrame();
            }
            assertEquals(frames + Math.max(firstStart, 0), chunk.startFrame(), "chunks are contiguous");
            for (int i = 0; i < chunk.frames(); i++) {
                float s = chunk.samples()[i * channels];
                if ((s >= 0) != (last >= 0)) {
                    crossings++;
                }
                last = s;
            }
            frames += chunk.frames();
        }
        return new Decoded(frames, rate, channels, crossings / 2.0 / (frames / (double) rate), firstStart);
    }

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(TESTDATA.resolve(name));
    }

    @Test
    void decodesAacInM4aToTheExactLengthAndFrequency() throws IOException {
        try (FfmpegDecoder d = FfmpegDecoder.open(MemoryInput.of(fixture("sine440-2s.m4a")), MediaInfo.UNKNOWN)) {
            assertEquals(AudioCodec.AAC_LC, d.mediaInfo().codec().orElseThrow());
            assertEquals(ContainerFormat.MP4, d.mediaInfo().container().orElseThrow());
            Decoded out = decodeAll(d);
            assertEquals(44100, out.rate());
            assertEquals(2, out.channels());
            // 2 s = 88200 frames: the priming frame is trimmed by the edit list, the end padding at the track's
            // duration (FFmpeg's own command line keeps the padding and gives 89088).
            assertEquals(88200, out.frames(), "gapless: the true length");
            assertEquals(440.0, out.hz(), 2.0);
            assertEquals(0, out.firstStartFrame());
        }
    }

    @Test
    void decodesWavFlacAndMp3() throws IOException {
        try (FfmpegDecoder d = FfmpegDecoder.open(MemoryInput.of(fixture("sine440-1s-mono48k.wav")), MediaInfo.UNKNOWN)) {
            Decoded out = decodeAll(d);
            assertEquals(48000, out.frames());
            assertEquals(1, out.channels());
            assertEquals(440.0, out.hz(), 1.0);
        }
        try (FfmpegDecoder d = FfmpegDecoder.open(MemoryInput.of(fixture("sine1k-1s.flac")), MediaInfo.UNKNOWN)) {
            assertEquals(AudioCodec.FLAC, d.mediaInfo().codec().orElseThrow());
            Decoded out = decodeAll(d);
            assertEquals(44100, out.frames());
            assertEquals(1000.0, out.hz(), 2.0);
        }
        try (FfmpegDecoder d = FfmpegDecoder.open(MemoryInput.of(fixture("sine1k-1s.mp3")), MediaInfo.UNKNOWN)) {
            assertEquals(AudioCodec.MP3, d.mediaInfo().codec().orElseThrow());
            Decoded out = decodeAll(d);
            assertEquals(44100, out.frames(), "LAME encoder delay and padding trimmed");
            assertEquals(1000.0, out.hz(), 2.0);
        }
    }

    @Test
    void containerHintSkipsProbingAndUnknownLengthWorks() throws IOException {
        MemoryInput input = new MemoryInput(fixture("sine1k-1s.flac"), false, Long.MAX_VALUE);
        try (FfmpegDecoder d = FfmpegDecoder.open(input, MediaInfo.UNKNOWN.withContainer(ContainerFormat.FLAC))) {
            assertEquals(44100, decodeAll(d).frames());
        }
        assertTrue(input.isClosed(), "the decoder closes its input");
    }

    @Test
    void seekLandsOnTheRequestedFrame() throws IOException {
        try (FfmpegDecoder d = FfmpegDecoder.open(MemoryInput.of(fixture("sine1k-1s.flac")), MediaInfo.UNKNOWN)) {
            d.seek(Duration.ofMillis(500));
            PcmChunk first = d.next().orElseThrow();
            assertEquals(22050, first.startFrame());
            long frames = first.frames();
            for (Optional<PcmChunk> c = d.next(); c.isPresent(); c = d.next()) {
                frames += c.get().frames();
            }
            assertEquals(22050, frames);
            d.seek(Duration.ofSeconds(5));
            assertTrue(d.next().isEmpty(), "past the end is the end");
            assertThrows(DecoderException.class, () -> d.seek(Duration.ofSeconds(-1)));
        }
    }

    @Test
    void nextIntoDecodesIntoTheCallersArraysWhatNextGives() throws IOException {
        for (String name : new String[] {"sine440-2s.m4a", "sine1k-1s.flac"}) { // AAC: its encoder delay is cut
            for (Duration seek : new Duration[] {Duration.ZERO, Duration.ofMillis(503)}) { // a seek cuts a frame
                byte[] media = fixture(name);
                FloatBuffer own = FloatBuffer.allocate(1 << 20);
                FloatBuffer callers = FloatBuffer.allocate(1 << 20);
                try (FfmpegDecoder a = FfmpegDecoder.open(MemoryInput.of(media), MediaInfo.UNKNOWN);
                     FfmpegDecoder b = FfmpegDecoder.open(MemoryInput.of(media), MediaInfo.UNKNOWN)) {
                    a.seek(seek);
                    b.seek(seek);
                    for (Optional<PcmChunk> c = a.next(); c.isPresent(); c = a.next()) {
                        own.put(c.get().samples(), 0, c.get().sampleCount());
                    }
                    List<float[]> given = new ArrayList<>();
                    IntFunction<float[]> arrays = n -> {
                        given.add(new float[n + 3]); // larger than asked, as a recycled array may be
                        return given.get(given.size() - 1);
                    };
                    for (Optional<PcmChunk> c = b.nextInto(arrays); c.isPresent(); c = b.nextInto(arrays)) {
                        assertSame(given.get(given.size() - 1), c.get().samples(), "the chunk holds the array given");
                        callers.put(c.get().samples(), 0, c.get().sampleCount());
                    }
                }
                assertEquals(own.flip(), callers.flip(), name + " from " + seek);
                assertTrue(own.limit() > 0);
            }
        }
    }

    @Test
    void garbageIsATypedErrorNamingTheInput() {
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        MemoryInput input = MemoryInput.of(garbage);
        DecoderException e = assertThrows(DecoderException.class, () -> FfmpegDecoder.open(input, MediaInfo.UNKNOWN));
        assertEquals(DecoderException.Reason.UNSUPPORTED_CONTAINER, e.reason());
        assertTrue(e.getMessage().contains("memory:4096B"), e.getMessage());
        assertTrue(input.isClosed());
    }

    @Test
    void inputFailureMidStreamIsReportedWithItsCause() throws IOException {
        byte[] wav = fixture("sine440-1s-mono48k.wav");
        try (FfmpegDecoder d = FfmpegDecoder.open(new MemoryInput(wav, true, wav.length / 2), MediaInfo.UNKNOWN)) {
            DecoderException e = assertThrows(DecoderException.class, () -> decodeAll(d));
            assertEquals(DecoderException.Reason.INPUT, e.reason());
            assertInstanceOf(IOException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("injected failure"), e.getMessage());
        }
    }
}
