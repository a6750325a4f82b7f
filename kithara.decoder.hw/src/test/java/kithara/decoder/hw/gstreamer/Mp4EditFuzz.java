package kithara.decoder.hw.gstreamer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

import kithara.api.decode.DecoderException;
import kithara.testkit.MemoryInput;

/**
 * The MP4 edit-list reader of the platform decoder: any bytes give an edit, none, or a typed {@link DecoderException};
 * a found edit converts to a non-negative cut and rewrites in place. Seeds: the MP4 fixtures of {@code testdata/codecs}.
 */
class Mp4EditFuzz {

    @FuzzTest(maxDuration = "5s")
    void readsOrRejectsTyped(byte[] mp4) throws IOException {
        MemoryInput input = MemoryInput.of(mp4);
        Optional<Mp4Edit> edit;
        try {
            edit = Mp4Edit.find(input);
        } catch (DecoderException expected) {
            return;
        } finally {
            assertEquals(0, input.position(), "the input is moved back to its start");
        }
        if (edit.isPresent()) {
            Gapless cut = edit.get().gapless(44_100);
            assertTrue(cut.delay() >= 0 && cut.frames() >= 0, cut::toString);
            edit.get().rewrite(0, mp4.clone(), mp4.length);
        }
    }
}
