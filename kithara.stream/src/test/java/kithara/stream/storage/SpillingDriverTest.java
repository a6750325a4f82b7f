package kithara.stream.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import kithara.api.event.KitharaEvent;
import kithara.api.media.MediaInfo;
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
        SpillingDriver driver = new SpillingDriver(new FullDisk(300_000), "test");
        driver.onDegraded(told::add);
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

    @Test
    void aSourceOverStorageThatSpillsPublishesOneWarningAndPlaysOn() throws Exception {
        SpillingDriver driver = new SpillingDriver(new FullDisk(1000), "test");
        StorageResource storage = new StorageResource("https://media.example/a.mp3", driver);
        Listeners listeners = new Listeners();
        BlockingQueue<KitharaEvent> events = new LinkedBlockingQueue<>();
        listeners.add(events::add);
        try (StorageSource source = new StorageSource(storage, MediaInfo.UNKNOWN, r -> { }, () -> { },
                listeners, storage)) {
            byte[] data = new byte[5000];
            new Random(7).nextBytes(data);
            storage.writeAt(0, ByteBuffer.wrap(data, 0, 4000));
            storage.writeAt(4000, ByteBuffer.wrap(data, 4000, 1000)); // a later spill is not told again
            storage.commit(data.length);
            KitharaEvent warning = events.poll(10, TimeUnit.SECONDS);
            KitharaEvent.PipelineError error = assertInstanceOf(KitharaEvent.PipelineError.class, warning);
            assertFalse(error.fatal(), "a warning: playback goes on");
            assertEquals("storage", error.stage());
            assertTrue(error.message().contains("https://media.example/a.mp3") && error.message().contains("No space left"),
                    error.message());
            ByteBuffer back = ByteBuffer.allocate(data.length);
            while (back.hasRemaining()) {
                assertTrue(source.readAt(back.position(), back) instanceof ReadOutcome.Bytes);
            }
            assertArrayEquals(data, back.array(), "every byte reads back");
            assertEquals(List.of(), List.copyOf(events), "one warning");
        }
    }
}
