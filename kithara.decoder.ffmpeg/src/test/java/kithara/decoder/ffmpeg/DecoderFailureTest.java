package kithara.decoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import kithara.api.decode.DecoderException;
import kithara.api.media.MediaInfo;
import kithara.testkit.MemoryInput;

/** Failures while a decoder opens or reopens: typed, every native object freed, the decoder never used again. */
class DecoderFailureTest {

    @Test
    void aReopenThatFailsClosesTheDecoderAndEveryLaterCallIsTyped() throws IOException {
        MemoryInput input = MemoryInput.of(Fixtures.bytes("flac.flac"));
        int bridges = AvioBridge.openCount();
        FfmpegDecoder decoder = FfmpegDecoder.open(input, MediaInfo.UNKNOWN);
        for (int i = 0; i < 5; i++) {
            decoder.next();
        }
        input.failSeeks(true);
        // a seek to the start reopens the demuxer, which needs the input at byte 0
        DecoderException failed = assertThrows(DecoderException.class, () -> decoder.seek(Duration.ZERO));
        assertTrue(failed.getMessage().contains("injected seek failure"), failed.getMessage());
        assertTrue(input.isClosed(), "the failed decoder closed its input");
        assertEquals(bridges, AvioBridge.openCount(), "the demuxer's AVIO context is freed");
        // what crashed the JVM in avcodec_is_open before: using the decoder after the failed reopen
        input.failSeeks(false);
        assertThrows(DecoderException.class, () -> decoder.seek(Duration.ofMillis(600)));
        assertThrows(DecoderException.class, decoder::next);
        decoder.close();
    }

    @Test
    void aStreamWithTooManyChannelsIsUnsupportedAndLeaksNothing() throws IOException {
        byte[] wav = wavHeader(100, 48_000, 16, 48_000 * 100 * 2 / 10);
        int bridges = AvioBridge.openCount();
        for (int i = 0; i < 50; i++) {
            MemoryInput input = MemoryInput.of(wav);
            DecoderException e = assertThrows(DecoderException.class, () -> FfmpegDecoder.open(input, MediaInfo.UNKNOWN));
            assertEquals(DecoderException.Reason.UNSUPPORTED_CODEC, e.reason());
            assertTrue(e.getMessage().contains("100 channels"), e.getMessage());
            assertTrue(input.isClosed());
        }
        assertEquals(bridges, AvioBridge.openCount(), "no AVIO bridge is left registered");
    }

    /** A PCM WAV file of {@code dataBytes} of silence. */
    private static byte[] wavHeader(int channels, int rate, int bits, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        int block = channels * bits / 8;
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes).put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(rate).putInt(rate * block).putShort((short) block).putShort((short) bits)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        return b.array();
    }
}
