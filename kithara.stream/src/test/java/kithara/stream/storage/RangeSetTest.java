package kithara.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import kithara.api.source.ByteRange;

class RangeSetTest {

    @Test
    void mergesOverlappingAndAdjacentRanges() {
        RangeSet set = new RangeSet();
        set.add(new ByteRange(10, 20));
        set.add(new ByteRange(30, 40));
        set.add(new ByteRange(20, 25));
        assertEquals(List.of(new ByteRange(10, 25), new ByteRange(30, 40)), set.ranges());
        set.add(new ByteRange(5, 35));
        assertEquals(List.of(new ByteRange(5, 40)), set.ranges());
        assertEquals(35, set.total());
        set.add(new ByteRange(7, 7));
        assertEquals(35, set.total());
    }

    @Test
    void answersContainmentContiguityAndGaps() {
        RangeSet set = new RangeSet();
        set.add(new ByteRange(0, 10));
        set.add(new ByteRange(20, 30));
        assertTrue(set.contains(new ByteRange(2, 10)));
        assertFalse(set.contains(new ByteRange(5, 21)));
        assertTrue(set.contains(new ByteRange(15, 15)));
        assertEquals(10, set.contiguousEnd(3));
        assertEquals(12, set.contiguousEnd(12));
        assertEquals(List.of(new ByteRange(10, 20), new ByteRange(30, 35)), set.gaps(new ByteRange(5, 35)));
        assertEquals(List.of(), set.gaps(new ByteRange(21, 29)));
        assertEquals(List.of(new ByteRange(12, 18)), set.gaps(new ByteRange(12, 18)));
    }

    @Test
    void agreesWithABitmapOnRandomInput() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            boolean[] bits = new boolean[500];
            RangeSet set = new RangeSet();
            for (int i = 0; i < 30; i++) {
                int a = random.nextInt(500);
                int b = a + random.nextInt(Math.min(40, 500 - a) + 1);
                set.add(new ByteRange(a, b));
                for (int k = a; k < b; k++) {
                    bits[k] = true;
                }
            }
            long count = 0;
            for (boolean bit : bits) {
                count += bit ? 1 : 0;
            }
            assertEquals(count, set.total());
            for (int q = 0; q < 50; q++) {
                int a = random.nextInt(500);
                int b = a + random.nextInt(500 - a + 1);
                boolean all = true;
                for (int k = a; k < b; k++) {
                    all &= bits[k];
                }
                assertEquals(all, set.contains(new ByteRange(a, b)), "contains [" + a + "," + b + ")");
                long gapBytes = set.gaps(new ByteRange(a, b)).stream().mapToLong(ByteRange::length).sum();
                long missing = 0;
                for (int k = a; k < b; k++) {
                    missing += bits[k] ? 0 : 1;
                }
                assertEquals(missing, gapBytes, "gaps in [" + a + "," + b + ")");
            }
        }
    }
}
