package kithara.decoder.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import kithara.api.decode.PcmChunk;
import kithara.api.media.MediaInfo;
import kithara.testkit.MemoryInput;

/** The committed test media ({@code testdata/}, made by {@code scripts/make-fixtures.sh}) and whole decodes of it. */
final class Fixtures {

    static final Path TESTDATA = Paths.get(System.getProperty("kithara.testdata", "../testdata"));
    static final Path CODECS = TESTDATA.resolve("codecs");

    /** Lossless fixtures: decoded PCM must equal FFmpeg's bit for bit. */
    static final List<String> LOSSLESS = List.of("flac.flac", "flac.mka", "alac.m4a", "alac.caf", "pcm-s16le.wav",
            "pcm-s24le.wav", "pcm-s32le.wav", "pcm-f32le.wav", "pcm-s16be.aiff", "pcm-s24be.aiff", "pcm-s32be.aiff",
            "pcm-f32be.caf");
    /** Lossy fixtures, one file each. */
    static final List<String> LOSSY = List.of("aac-lc.m4a", "aac-lc-moov-at-end.m4a", "aac-lc.aac", "aac-lc.ts",
            "aac-lc-fragmented.mp4", "mp3.mp3", "vorbis.ogg", "opus.ogg", "opus.webm");

    private Fixtures() {
    }

    /** Returns the bytes of a fixture; {@code init+segment} pairs are given as {@code a.mp4+b.m4s}. */
    static byte[] bytes(String name) throws IOException {
        if (name.contains("+")) {
            String[] parts = name.split("\\+");
            byte[] a = Files.readAllBytes(CODECS.resolve(parts[0]));
            byte[] b = Files.readAllBytes(CODECS.resolve(parts[1]));
            byte[] joined = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, joined, a.length, b.length);
            return joined;
        }
        return Files.readAllBytes(CODECS.resolve(name));
    }

    /** Returns whether {@code bytes} start like an ISO base media file (an {@code ftyp} box). */
    static boolean isMp4(byte[] bytes) {
        return bytes.length > 8 && bytes[4] == 'f' && bytes[5] == 't' && bytes[6] == 'y' && bytes[7] == 'p';
    }

    /** Interleaved PCM of a whole decode, with its rate and channel count. */
    record Pcm(float[] samples, int rate, int channels) {
        int frames() {
            return samples.length / channels;
        }
    }

    /** Decodes everything the decoder has left. */
    static Pcm drain(FfmpegDecoder decoder) throws IOException {
        float[] all = new float[1 << 16];
        int n = 0;
        for (Optional<PcmChunk> c = decoder.next(); c.isPresent(); c = decoder.next()) {
            PcmChunk chunk = c.get();
            if (n + chunk.sampleCount() > all.length) {
                all = Arrays.copyOf(all, Math.max(all.length * 2, n + chunk.sampleCount()));
            }
            System.arraycopy(chunk.samples(), 0, all, n, chunk.sampleCount());
            n += chunk.sampleCount();
        }
        return new Pcm(Arrays.copyOf(all, n), decoder.spec().sampleRate(), decoder.spec().channels());
    }

    /** Opens and decodes a fixture from memory. */
    static Pcm decode(String name) throws IOException {
        try (FfmpegDecoder d = FfmpegDecoder.open(MemoryInput.of(bytes(name)), MediaInfo.UNKNOWN)) {
            return drain(d);
        }
    }
}
