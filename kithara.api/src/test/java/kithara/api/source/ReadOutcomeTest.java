package kithara.api.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReadOutcomeTest {

    @Test
    void bytesCarriesAtLeastOneByte() {
        assertEquals(1, ((ReadOutcome.Bytes) ReadOutcome.bytes(1)).count());
        assertThrows(IllegalArgumentException.class, () -> ReadOutcome.bytes(0));
        assertThrows(IllegalArgumentException.class, () -> new ReadOutcome.Bytes(-5));
    }

    @Test
    void pendingAlwaysHasAReason() {
        assertEquals(PendingReason.NOT_READY, ((ReadOutcome.Pending) ReadOutcome.pending(PendingReason.NOT_READY)).reason());
        assertThrows(NullPointerException.class, () -> ReadOutcome.pending(null));
    }

    @Test
    void eofIsOneValue() {
        assertSame(ReadOutcome.eof(), ReadOutcome.eof());
        assertInstanceOf(ReadOutcome.Eof.class, ReadOutcome.eof());
    }

    @Test
    void outcomesAreExhaustiveForASwitch() {
        for (ReadOutcome o : new ReadOutcome[] {ReadOutcome.bytes(3), ReadOutcome.pending(PendingReason.VARIANT_CHANGE), ReadOutcome.eof()}) {
            String kind = o instanceof ReadOutcome.Bytes ? "bytes" : o instanceof ReadOutcome.Pending ? "pending" : "eof";
            assertEquals(o.getClass().getSimpleName().toLowerCase(), kind);
        }
    }
}
