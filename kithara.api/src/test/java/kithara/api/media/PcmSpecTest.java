package kithara.api.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PcmSpecTest {

    @Test
    void rejectsImpossibleFormats() {
        assertThrows(IllegalArgumentException.class, () -> PcmSpec.of(0, 2));
        assertThrows(IllegalArgumentException.class, () -> PcmSpec.of(44100, 0));
        assertThrows(IllegalArgumentException.class, () -> PcmSpec.of(PcmSpec.MAX_SAMPLE_RATE + 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new PcmSpec(44100, 2, ChannelLayout.SURROUND_5_1));
        assertThrows(IllegalArgumentException.class, () -> new PcmSpec(44100, 2, null));
    }

    @Test
    void defaultLayoutsFollowTheChannelCount() {
        assertEquals(ChannelLayout.STEREO, PcmSpec.of(48000, 2).layout());
        assertEquals(ChannelLayout.SURROUND_5_1, PcmSpec.of(48000, 6).layout());
        assertEquals(ChannelLayout.UNSPECIFIED, PcmSpec.of(48000, 13).layout());
    }

    @Test
    void framesAndDurationsConvertExactly() {
        PcmSpec spec = PcmSpec.of(44100, 2);
        assertEquals(Duration.ofSeconds(1), spec.durationOf(44100));
        assertEquals(44100 * 3600L * 10, spec.framesIn(Duration.ofHours(10)));
        for (long frame : new long[] {0, 1, 22050, 44099, 1_234_567_891L}) {
            assertEquals(frame, PcmSpec.of(PcmSpec.MAX_SAMPLE_RATE, 1).framesIn(PcmSpec.of(PcmSpec.MAX_SAMPLE_RATE, 1)
                    .durationOf(frame)), "round trip at the highest rate");
            assertEquals(frame, spec.framesIn(spec.durationOf(frame)), "round trip of frame " + frame);
        }
        assertThrows(IllegalArgumentException.class, () -> spec.durationOf(-1));
        assertThrows(IllegalArgumentException.class, () -> spec.framesIn(Duration.ofMillis(-1)));
    }
}
