package kithara.stream.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import kithara.api.media.MediaInfo;
import kithara.api.source.ByteRange;
import kithara.api.source.SourceException;
import kithara.stream.storage.Listeners;
import kithara.stream.storage.MemoryDriver;
import kithara.stream.storage.StorageResource;
import kithara.stream.storage.StorageSource;

class SourceStreamTest {

    private static final Duration LONG = Duration.ofSeconds(20);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final StorageResource storage = new StorageResource("http://test/song.mp3", new MemoryDriver("song"));
    private final List<ByteRange> demands = new CopyOnWriteArrayList<>();
    private final AtomicInteger moves = new AtomicInteger();
    private final StorageSource source = new StorageSource(storage, MediaInfo.UNKNOWN, demands::add,
            moves::incrementAndGet, new Listeners(), storage);

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(20, TimeUnit.SECONDS));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    @Test
    void readsBytesAsTheyArriveAndEndsWithMinusOne() throws Exception {
        byte[] data = bytes(100_000);
        Future<?> writer = threads.submit(() -> {
            for (int at = 0; at < data.length; at += 1000) {
                storage.writeAt(at, ByteBuffer.wrap(data, at, 1000));
            }
            storage.commit(data.length);
            return null;
        });
        try (SourceStream in = new SourceStream(source, "http://test/song.mp3", LONG)) {
            assertArrayEquals(data, in.readAllBytes());
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(ByteBuffer.allocate(10)));
            assertEquals(data.length, in.position());
            assertEquals(data.length, source.timeline().readPosition(), "the cursor is published");
            assertTrue(moves.get() > 0);
        }
        writer.get(20, TimeUnit.SECONDS);
    }

    @Test
    void seeksFromStartCurrentAndEnd() throws IOException {
        byte[] data = bytes(1000);
        storage.writeAt(0, ByteBuffer.wrap(data));
        storage.commit(1000);
        try (SourceStream in = new SourceStream(source, "s", LONG)) {
            assertEquals(990, in.seek(-10, SourceStream.Origin.END));
            assertEquals(data[990] & 0xff, in.read());
            assertEquals(981, in.seek(-10, SourceStream.Origin.CURRENT));
            assertEquals(5, in.seek(5, SourceStream.Origin.START));
            assertEquals(data[5] & 0xff, in.read());
            in.seek(5000);
            assertEquals(-1, in.read(), "past the end reads -1");
            assertEquals(1000, in.size());
            assertEquals(0, in.skip(10), "skip stops at the end");
            assertThrows(IOException.class, () -> in.seek(-1));
            assertThrows(NonWritableChannelException.class, () -> in.write(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void aStreamReadInOrderRefusesToMoveAndSkipsByReading() throws IOException {
        byte[] data = bytes(1000);
        storage.writeAt(0, ByteBuffer.wrap(data));
        storage.commit(1000);
        try (SourceStream in = new SourceStream(source, "segments", LONG, false)) {
            assertFalse(in.isSeekable());
            assertEquals(10, in.skip(10));
            assertEquals(data[10] & 0xff, in.read());
            in.seek(11); // where it is: no move
            IOException refused = assertThrows(IOException.class, () -> in.seek(0));
            assertTrue(refused.getMessage().contains("segments is read in order"), refused.getMessage());
            assertThrows(IOException.class, () -> in.seek(-10, SourceStream.Origin.END));
            assertEquals(data[11] & 0xff, in.read(), "a refused move leaves the cursor");
        }
    }

    @Test
    void unknownLengthIsSaidSo() throws IOException {
        try (SourceStream in = new SourceStream(source, "live", LONG)) {
            assertThrows(IOException.class, in::size);
            assertThrows(IOException.class, () -> in.seek(0, SourceStream.Origin.END));
        }
    }

    @Test
    void aReadPastTheDeadlineNamesSourceRangeAndReason() throws IOException {
        storage.writeAt(0, ByteBuffer.wrap(bytes(10)));
        try (SourceStream in = new SourceStream(source, "http://test/song.mp3", Duration.ofMillis(50))) {
            in.seek(10);
            SourceException e = assertThrows(SourceException.class, () -> in.read(new byte[100]));
            assertEquals(SourceException.Reason.TIMED_OUT, e.reason());
            assertEquals(Optional.of(new ByteRange(10, 110)), e.range());
            assertTrue(e.getMessage().contains("http://test/song.mp3") && e.getMessage().contains("[10, 110)"),
                    e.getMessage());
            assertEquals(List.of(new ByteRange(10, 11)), demands, "the absent range was demanded");
        }
    }

    @Test
    void cancelAndFailureReachABlockedReader() throws Exception {
        try (SourceStream in = new SourceStream(source, "s", LONG)) {
            Future<Integer> blocked = threads.submit(() -> in.read(new byte[10]));
            IOException cause = new IOException("HTTP 404 for http://test/song.mp3");
            storage.fail(cause);
            Exception e = assertThrows(Exception.class, () -> blocked.get(20, TimeUnit.SECONDS));
            SourceException failed = assertInstanceOf(SourceException.class, e.getCause());
            assertEquals(SourceException.Reason.FAILED, failed.reason());
            assertSame(cause, failed.getCause());

            storage.reactivate();
            Future<Integer> again = threads.submit(() -> in.read(new byte[10]));
            storage.cancel();
            Exception c = assertThrows(Exception.class, () -> again.get(20, TimeUnit.SECONDS));
            assertEquals(SourceException.Reason.CANCELLED, assertInstanceOf(SourceException.class, c.getCause()).reason());
        }
    }

    @Test
    void closingClosesTheSource() throws IOException {
        SourceStream in = new SourceStream(source, "s", LONG);
        in.close();
        in.close();
        assertThrows(ClosedChannelException.class, () -> in.read(ByteBuffer.allocate(1)));
        assertThrows(SourceException.class, () -> storage.writeAt(0, ByteBuffer.allocate(1)));
    }
}
