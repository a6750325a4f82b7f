package kithara.decoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import kithara.api.media.MediaInfo;
import kithara.testkit.MemoryInput;

/**
 * Our decode of every fixture, and of the real corpus in {@code ../shared/corpus/files}, against the decode of
 * Debian's {@code ffmpeg} command line: lossless bit-exact with the same length; lossy SNR of at least 60 dB
 * (50 dB for HE-AAC) and the same length within one codec frame, except where we remove padding the command
 * line keeps (MP4 end padding), which is checked the other way round. Skipped, with the reason, where the
 * command line or the corpus is absent.
 */
class ConformanceTest {

    private static final Path CORPUS = Paths.get(System.getProperty("kithara.corpus", "../../shared/corpus"), "files");
    private static boolean cli;

    @TempDir
    static Path work;

    @BeforeAll
    static void setup() {
        FfmpegNatives.load("test");
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            cli = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            cli = false;
        }
    }

    /** name (a fixture, or corpus:FILE), minimum SNR in dB (Infinity: bit-exact), allowed length difference. */
    static Stream<Arguments> media() {
        List<Arguments> all = new ArrayList<>();
        for (String f : Fixtures.LOSSLESS) {
            all.add(Arguments.of(f, Double.POSITIVE_INFINITY, 0));
        }
        all.add(Arguments.of("aac-lc.m4a", 60.0, 1024));
        all.add(Arguments.of("aac-lc-moov-at-end.m4a", 60.0, 1024));
        all.add(Arguments.of("aac-lc.aac", 60.0, 1024));
        all.add(Arguments.of("aac-lc.ts", 60.0, 1024));
        all.add(Arguments.of("aac-lc-fragmented.mp4", 60.0, 1024));
        all.add(Arguments.of("aac-lc-init.mp4+aac-lc-seg0.m4s", 60.0, 1024));
        all.add(Arguments.of("mp3.mp3", 60.0, 1152));
        all.add(Arguments.of("vorbis.ogg", 60.0, 2048));
        all.add(Arguments.of("opus.ogg", 60.0, 960));
        all.add(Arguments.of("opus.webm", 60.0, 960));
        all.add(Arguments.of("corpus:test.mp3", 60.0, 1152));
        all.add(Arguments.of("corpus:track.mp3", 60.0, 1152));
        all.add(Arguments.of("corpus:sawtooth.flac", Double.POSITIVE_INFINITY, 0));
        all.add(Arguments.of("corpus:silence_1s.wav", Double.POSITIVE_INFINITY, 0));
        all.add(Arguments.of("corpus:he_aac_v1_init.mp4+he_aac_v1_segment.m4s", 50.0, 2048));
        all.add(Arguments.of("corpus:he_aac_v2_init.mp4+he_aac_v2_segment.m4s", 50.0, 2048));
        return all.stream();
    }

    private static byte[] bytesOf(String name) throws IOException {
        if (!name.startsWith("corpus:")) {
            return Fixtures.bytes(name);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : name.substring("corpus:".length()).split("\\+")) {
            out.write(Files.readAllBytes(CORPUS.resolve(part)));
        }
        return out.toByteArray();
    }

    /** Decodes {@code file} with the ffmpeg command line to interleaved float32 at its native rate. */
    private static float[] reference(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", file.toString(),
                "-f", "f32le", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] raw;
        try (InputStream in = p.getInputStream()) {
            raw = in.readAllBytes();
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ffmpeg did not finish on " + file);
        assertEquals(0, p.exitValue(), "ffmpeg failed on " + file);
        float[] f = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("media")
    void matchesTheFfmpegCommandLine(String name, double minSnr, int frameTolerance) throws Exception {
        assumeTrue(cli, "ffmpeg command line not installed (apt-get install ffmpeg): conformance skipped");
        assumeTrue(!name.startsWith("corpus:") || Files.isDirectory(CORPUS),
                "../shared/corpus absent: corpus conformance skipped");
        byte[] bytes = bytesOf(name);
        Path file = work.resolve(name.replace(':', '_').replace('+', '_'));
        Files.write(file, bytes);
        Fixtures.Pcm ours;
        try (FfmpegDecoder d = FfmpegDecoder.open(MemoryInput.of(bytes), MediaInfo.UNKNOWN)) {
            ours = Fixtures.drain(d);
        }
        float[] ref = reference(file);
        int ch = ours.channels();
        int ourFrames = ours.frames();
        int refFrames = ref.length / ch;
        boolean mp4PaddingCut = ours.frames() < refFrames && Fixtures.isMp4(bytes);
        if (mp4PaddingCut) {
            assertTrue(refFrames - ourFrames < 2048, name + ": we cut " + (refFrames - ourFrames) + " frames of MP4 end padding");
        } else {
            assertTrue(Math.abs(ourFrames - refFrames) <= frameTolerance,
                    name + ": " + ourFrames + " frames, ffmpeg " + refFrames);
        }
        int n = Math.min(ours.samples().length, ref.length);
        double signal = 0;
        double noise = 0;
        int different = 0;
        for (int i = 0; i < n; i++) {
            double e = ours.samples()[i] - ref[i];
            signal += (double) ref[i] * ref[i];
            noise += e * e;
            different += Float.floatToIntBits(ours.samples()[i]) != Float.floatToIntBits(ref[i]) ? 1 : 0;
        }
        if (Double.isInfinite(minSnr)) {
            assertEquals(0, different, name + ": lossless output differs from ffmpeg's in " + different + " samples");
            assertEquals(refFrames, ourFrames, name + ": lossless length");
        } else if (signal > 0) {
            double snr = noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
            assertTrue(snr >= minSnr, name + ": SNR " + snr + " dB < " + minSnr);
        }
    }
}
