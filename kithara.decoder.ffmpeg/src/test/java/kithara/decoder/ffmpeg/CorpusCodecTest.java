package kithara.decoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import kithara.api.media.AudioCodec;
import kithara.api.media.MediaInfo;
import kithara.testkit.MemoryInput;

/** The real corpus's HE-AAC v1 and v2 are named as such (FFmpeg reports them through the AAC profile). */
class CorpusCodecTest {

    private static final Path FILES = Paths.get(System.getProperty("kithara.corpus", "../../shared/corpus"), "files");

    @BeforeAll
    static void loadNatives() {
        FfmpegNatives.load("test");
    }

    @ParameterizedTest
    @CsvSource({"he_aac_v1, HE_AAC_V1", "he_aac_v2, HE_AAC_V2"})
    void heAacIsNamed(String prefix, AudioCodec expected) throws IOException {
        assumeTrue(Files.isDirectory(FILES), "../shared/corpus absent: corpus codec test skipped");
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write(Files.readAllBytes(FILES.resolve(prefix + "_init.mp4")));
        joined.write(Files.readAllBytes(FILES.resolve(prefix + "_segment.m4s")));
        try (FfmpegDecoder d = FfmpegDecoder.open(MemoryInput.of(joined.toByteArray()), MediaInfo.UNKNOWN)) {
            Fixtures.Pcm pcm = Fixtures.drain(d);
            assertEquals(Optional.of(expected), d.mediaInfo().codec(), prefix + ", decoded at " + pcm.rate() + " Hz x "
                    + pcm.channels());
        }
    }
}
