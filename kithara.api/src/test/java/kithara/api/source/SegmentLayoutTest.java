package kithara.api.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class SegmentLayoutTest {

    private static SegmentDescriptor segment(long seq, int startSeconds, Optional<ByteRange> bytes) {
        return new SegmentDescriptor(seq, 0, Duration.ofSeconds(startSeconds), Duration.ofSeconds(6), bytes, false);
    }

    @Test
    void findsSegmentsByTimeAndOffset() {
        SegmentLayout layout = new SegmentLayout(Optional.of(new ByteRange(0, 100)), List.of(
                segment(1, 0, Optional.of(new ByteRange(100, 1100))),
                segment(2, 6, Optional.of(new ByteRange(1100, 2100))),
                segment(3, 12, Optional.empty())));
        assertEquals(2, layout.segmentAt(Duration.ofSeconds(6)).orElseThrow().sequence());
        assertEquals(3, layout.segmentAt(Duration.ofMillis(17_999)).orElseThrow().sequence());
        assertTrue(layout.segmentAt(Duration.ofSeconds(18)).isEmpty());
        assertEquals(1, layout.segmentAtOffset(100).orElseThrow().sequence());
        assertTrue(layout.segmentAtOffset(50).isEmpty(), "the init segment is no media segment");
        assertEquals(Duration.ofSeconds(18), layout.totalDuration());
    }

    @Test
    void isImmutableAndOrdered() {
        List<SegmentDescriptor> list = new ArrayList<>(List.of(segment(1, 0, Optional.empty())));
        SegmentLayout layout = new SegmentLayout(Optional.empty(), list);
        list.clear();
        assertEquals(1, layout.segments().size());
        assertThrows(UnsupportedOperationException.class, () -> layout.segments().clear());
        assertThrows(IllegalArgumentException.class, () -> new SegmentLayout(Optional.empty(),
                List.of(segment(2, 6, Optional.empty()), segment(1, 0, Optional.empty()))));
    }

    @Test
    void descriptorsAndAnchorsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new SegmentDescriptor(0, 0, Duration.ZERO, Duration.ZERO,
                Optional.empty(), false));
        assertThrows(IllegalArgumentException.class, () -> new SegmentDescriptor(-1, 0, Duration.ZERO,
                Duration.ofSeconds(1), Optional.empty(), false));
        assertThrows(IllegalArgumentException.class, () -> new SeekAnchor(Duration.ofSeconds(1), Duration.ofSeconds(2),
                0, OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> new SeekAnchor(Duration.ofSeconds(1), Duration.ZERO, -1,
                OptionalLong.empty()));
    }
}
