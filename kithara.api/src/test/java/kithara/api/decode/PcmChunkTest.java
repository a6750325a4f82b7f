package kithara.api.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import kithara.api.media.PcmSpec;

class PcmChunkTest {

    private static final PcmSpec STEREO = PcmSpec.of(48000, 2);

    @Test
    void holdsAtLeastOneFrameThatFitsTheArray() {
        assertThrows(IllegalArgumentException.class, () -> new PcmChunk(STEREO, 0, new float[4], 0));
        assertThrows(IllegalArgumentException.class, () -> new PcmChunk(STEREO, 0, new float[3], 2));
        assertThrows(IllegalArgumentException.class, () -> new PcmChunk(STEREO, -1, new float[4], 2));
    }

    @Test
    void knowsItsPlaceOnTheTimeline() {
        PcmChunk c = new PcmChunk(STEREO, 48000, new float[2048], 1024);
        assertEquals(2048, c.sampleCount());
        assertEquals(Duration.ofSeconds(1), c.timestamp());
        assertEquals(49024, c.endFrame());
    }

    @Test
    void exceptionsNameInputAndCodec() {
        DecoderException e = new DecoderException(DecoderException.Reason.UNSUPPORTED_CODEC, "file:/a.xyz", "ac3",
                "no decoder", null);
        assertEquals("UNSUPPORTED_CODEC decoding file:/a.xyz (codec ac3): no decoder", e.getMessage());
    }
}
