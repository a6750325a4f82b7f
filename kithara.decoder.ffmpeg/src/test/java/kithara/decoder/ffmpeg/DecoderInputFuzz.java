package kithara.decoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

import kithara.api.decode.DecoderException;
import kithara.api.decode.PcmChunk;
import kithara.api.media.MediaInfo;
import kithara.testkit.MemoryInput;

/**
 * Any bytes FFmpeg reads through the AVIO bridge decode to PCM or fail with a typed {@link DecoderException}: never a
 * crash of the JVM, another exception, or a native object left behind. Seeds: every file of {@code testdata/codecs}
 * (MP4, MP3, ADTS, FLAC, Ogg, WAV and more), copied into this target's inputs by the build.
 */
class DecoderInputFuzz {

    @BeforeAll
    static void natives() {
        FfmpegNatives.load("test");
    }

    @FuzzTest(maxDuration = "8s")
    void decodesOrFailsTyped(byte[] media) throws IOException {
        int bridges = AvioBridge.openCount();
        MemoryInput input = MemoryInput.of(media);
        try (FfmpegDecoder decoder = FfmpegDecoder.open(input, MediaInfo.UNKNOWN)) {
            drain(decoder);
            // the way back to the start reopens the demuxer: the path that once crashed the JVM
            decoder.seek(Duration.ZERO);
            drain(decoder);
        } catch (DecoderException expected) {
            // a typed refusal is a correct answer to bad input
        }
        assertTrue(input.isClosed(), "the decoder closed its input");
        assertEquals(bridges, AvioBridge.openCount(), "the AVIO context was freed");
    }

    private static void drain(FfmpegDecoder decoder) throws IOException {
        for (Optional<PcmChunk> c = decoder.next(); c.isPresent(); c = decoder.next()) {
            assertTrue(c.get().frames() > 0);
        }
    }
}
