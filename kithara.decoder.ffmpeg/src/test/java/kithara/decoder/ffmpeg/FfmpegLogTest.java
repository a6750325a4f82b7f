package kithara.decoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FfmpegLogTest {

    @Test
    void aLineLosesItsContextAddressAndItsNewline() {
        assertEquals("mp3float: Header missing", FfmpegLog.clean("[mp3float @ 0x7f10c4001a80] Header missing\n"));
        assertEquals("no context here", FfmpegLog.clean("no context here\n"));
    }

    @Test
    void aRunOfIdenticalLinesIsLoggedOnceAndCounted() {
        RepeatFilter filter = new RepeatFilter();
        List<String> out = new ArrayList<>();
        for (String line : List.of("a", "a", "a", "b", "b", "a")) {
            filter.accept(16, line, (level, message) -> out.add(message));
        }
        assertEquals(List.of("a", "last message repeated 2 times", "b", "last message repeated 1 time", "a"), out);
    }

    @Test
    void theSameTextAtAnotherLevelIsNotARepeat() {
        RepeatFilter filter = new RepeatFilter();
        List<String> out = new ArrayList<>();
        filter.accept(16, "x", (level, message) -> out.add(level + " " + message));
        filter.accept(24, "x", (level, message) -> out.add(level + " " + message));
        assertEquals(List.of("16 x", "24 x"), out);
    }
}
