package kithara.decoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import kithara.api.decode.PcmChunk;
import kithara.api.dsp.ResampleQuality;
import kithara.api.dsp.ResamplerSession;
import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;
import kithara.testkit.MemoryInput;

/** Every FFmpeg object is freed on close: 1000 open/decode/seek/close cycles neither grow RSS nor leave threads. */
class NativeHygieneTest {

    private static final Path STATUS = Paths.get("/proc/self/status");

    @BeforeAll
    static void loadNatives() {
        FfmpegNatives.load("test");
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in " + STATUS);
    }

    private static void cycles(int n, List<byte[]> media) throws IOException {
        SwrResampler resampler = new SwrResampler(FfmpegLoad.now("test"));
        for (int i = 0; i < n; i++) {
            byte[] bytes = media.get(i % media.size());
            try (FfmpegDecoder d = FfmpegDecoder.open(MemoryInput.of(bytes), MediaInfo.UNKNOWN);
                 ResamplerSession s = resampler.open(d.spec(), PcmSpec.of(48000, 2), ResampleQuality.NORMAL)) {
                d.seek(Duration.ofMillis(100));
                for (var c = d.next(); c.isPresent(); c = d.next()) {
                    PcmChunk chunk = c.get();
                    s.process(chunk);
                }
                s.flush();
            }
        }
    }

    @Test
    void thousandCyclesKeepMemoryAndThreadsFlat() throws IOException {
        assumeTrue(Files.isReadable(STATUS), "no /proc/self/status on this platform: RSS not measurable");
        List<byte[]> media = List.of(Fixtures.bytes("aac-lc.m4a"), Fixtures.bytes("mp3.mp3"), Fixtures.bytes("flac.flac"),
                Fixtures.bytes("opus.ogg"), Fixtures.bytes("vorbis.ogg"), Fixtures.bytes("pcm-s24le.wav"));
        cycles(100, media);
        System.gc();
        long rssBefore = rssKiB();
        int threadsBefore = Thread.activeCount();
        cycles(1000, media);
        System.gc();
        long growthMiB = (rssKiB() - rssBefore) / 1024;
        assertTrue(growthMiB < 20, "RSS grew by " + growthMiB + " MiB over 1000 cycles");
        assertEquals(threadsBefore, Thread.activeCount(), "threads");
    }
}
