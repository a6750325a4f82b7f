package kithara.decoder.hw.gstreamer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The LAME/Xing header reader of the platform decoder: any bytes give a cut (a delay and, when the tag counts frames,
 * a length that is not negative) or none, never an exception. Seeds: the MP3 fixtures of {@code testdata}.
 */
class LameTagFuzz {

    @FuzzTest(maxDuration = "5s")
    void readsOrIgnores(byte[] head) {
        Optional<Gapless> cut = Gapless.lame(ByteBuffer.wrap(head));
        cut.ifPresent(c -> assertTrue(c.delay() >= 0 && c.frames() >= -1, c::toString));
    }
}
