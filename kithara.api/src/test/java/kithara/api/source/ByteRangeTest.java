package kithara.api.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void rejectsNegativeAndInvertedBounds() {
        assertThrows(IllegalArgumentException.class, () -> new ByteRange(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> new ByteRange(5, 4));
        assertThrows(IllegalArgumentException.class, () -> ByteRange.ofLength(0, -1));
        assertThrows(ArithmeticException.class, () -> ByteRange.ofLength(Long.MAX_VALUE, 1));
    }

    @Test
    void halfOpenSemantics() {
        ByteRange r = new ByteRange(10, 20);
        assertEquals(10, r.length());
        assertTrue(r.contains(10));
        assertFalse(r.contains(20));
        assertTrue(r.overlaps(new ByteRange(19, 30)));
        assertFalse(r.overlaps(new ByteRange(20, 30)));
        assertTrue(r.contains(new ByteRange(12, 20)));
        assertTrue(new ByteRange(7, 7).isEmpty());
        assertEquals(new ByteRange(10, 15), r.clipTo(15));
        assertEquals(new ByteRange(5, 5), r.clipTo(5));
        assertEquals("[10, 20)", r.toString());
    }

    @Test
    void rangesPast2GiBWork() {
        ByteRange r = ByteRange.ofLength(3L << 30, 1L << 31);
        assertEquals(1L << 31, r.length());
        assertTrue(r.contains((3L << 30) + (1L << 30)));
    }
}
