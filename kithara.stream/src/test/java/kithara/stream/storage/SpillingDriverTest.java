package kithara.stream.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import kithara.api.source.ByteRange;
import kithara.api.source.ReadOutcome;

class SpillingDriverTest {

    /** A disk that takes {@code room} bytes, then fails every write as a full disk does (after a partial write). */
    private static final class FullDisk implements StorageDriver {
        private final MemoryDriver bytes = new MemoryDriver("disk");
        private long room;

        FullDisk(long room) {
            this.room = room;
        }

        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            int n = (int) Math.min(room, src.remaining());
            ByteBuffer part = src.slice().limit(n);
            bytes.write(offset, part);
            src.position(src.position() + n);
            room -= n;
            if (src.hasRemaining()) {
                throw new IOException("No space left on device");
            }
        }

        @Override
        public void read(long offset, ByteBuffer dst) throws IOException {
            bytes.read(offset, dst);
        }

        @Override
        public void flush() {
        }

        @Override
        public void truncate() throws IOException {
            bytes.truncate();
        }

        @Override
        public String describe() {
            return "full disk";
        }

        @Override
        public void close() throws IOException {
            bytes.close();
        }
    }

    @Test
    void aFullDiskMovesLaterWritesToMemoryAndEveryByteReadsBackTheSame() throws IOException {
        byte[] data = new byte[1_000_000];
        new Random(5).nextBytes(data);
        List<IOException> told = new ArrayList<>();
        SpillingDriver driver = new SpillingDriver(new FullDisk(300_000), "test", told::add);
        StorageResource storage = new StorageResource("test", driver);
        for (int at = 0; at < data.length; at += 64 * 1024) {
            storage.writeAt(at, ByteBuffer.wrap(data, at, Math.min(64 * 1024, data.length - at)));
        }
        storage.commit(data.length);
        assertTrue(driver.isSpilled());
        assertEquals(1, told.size(), "told once: " + told);
        assertFalse(driver.memoryRanges().isEmpty());
        assertTrue(driver.memoryRanges().get(0).start() <= 300_000, driver.memoryRanges().toString());
        // reads across the disk/memory boundary, from every offset kind
        Random random = new Random(6);
        for (int i = 0; i < 200; i++) {
            int from = random.nextInt(data.length - 1);
            int n = 1 + random.nextInt(Math.min(200_000, data.length - from));
            ByteBuffer dst = ByteBuffer.allocate(n);
            while (dst.hasRemaining()) {
                ReadOutcome o = storage.readAt(from + dst.position(), dst);
                assertTrue(o instanceof ReadOutcome.Bytes, o.toString());
            }
            byte[] want = new byte[n];
            System.arraycopy(data, from, want, 0, n);
            assertArrayEquals(want, dst.array(), "bytes " + from + "+" + n);
        }
        assertEquals(List.of(new ByteRange(0, data.length)), storage.presentRanges());
        storage.close();
    }
}
