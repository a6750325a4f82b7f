package kithara.stream.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import kithara.api.source.ByteRange;
import kithara.api.source.PendingReason;
import kithara.api.source.ReadOutcome;
import kithara.api.source.SourceException;
import kithara.api.source.SourcePhase;
import kithara.api.source.WaitOutcome;

class StorageResourceTest {

    private static final Duration LONG = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(20, TimeUnit.SECONDS));
    }

    static Stream<String> drivers() {
        return Stream.of("memory", "file");
    }

    private static StorageResource resource(String driver) throws IOException {
        StorageDriver d = driver.equals("memory") ? new MemoryDriver("test")
                : new FileDriver(Files.createTempFile(dir, "res", ".bin"));
        return new StorageResource("http://test/a.bin", d);
    }

    /** The byte every test expects at {@code offset}. */
    private static byte pattern(long offset) {
        return (byte) (offset * 31 + (offset >>> 11));
    }

    private static ByteBuffer patternBytes(long offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            b.put(pattern(offset + i));
        }
        return b.flip();
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void readsWhatWasWrittenAndReportsWhatIsMissing(String driver) throws IOException {
        try (StorageResource r = resource(driver)) {
            r.writeAt(100, patternBytes(100, 50));
            ByteBuffer dst = ByteBuffer.allocate(80);
            assertEquals(ReadOutcome.bytes(50), r.readAt(100, dst));
            assertEquals(50, dst.position());
            assertEquals(ReadOutcome.pending(PendingReason.NOT_READY), r.readAt(0, ByteBuffer.allocate(8)));
            assertEquals(ReadOutcome.pending(PendingReason.NOT_READY), r.readAt(150, ByteBuffer.allocate(8)));
            assertEquals(List.of(new ByteRange(0, 100), new ByteRange(150, 200)), r.gaps(new ByteRange(0, 200)));
            assertEquals(SourcePhase.READY, r.phaseAt(new ByteRange(110, 120)));
            assertEquals(SourcePhase.WAITING, r.phaseAt(new ByteRange(90, 120)));
            dst.flip();
            for (int i = 0; i < 50; i++) {
                assertEquals(pattern(100 + i), dst.get(i));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void commitMakesTheEndKnown(String driver) throws IOException {
        try (StorageResource r = resource(driver)) {
            r.writeAt(0, patternBytes(0, 10));
            r.commit(10);
            assertEquals(OptionalLong.of(10), r.length());
            assertTrue(r.isComplete());
            assertSame(ReadOutcome.eof(), r.readAt(10, ByteBuffer.allocate(4)));
            assertEquals(WaitOutcome.EOF, r.waitRange(new ByteRange(10, 20), Duration.ZERO));
            assertEquals(WaitOutcome.READY, r.waitRange(new ByteRange(5, 20), Duration.ZERO), "clipped to the end");
            SourceException past = assertThrows(SourceException.class, () -> r.writeAt(8, patternBytes(8, 4)));
            assertEquals(SourceException.Reason.OUT_OF_RANGE, past.reason());
            assertThrows(IllegalStateException.class, () -> r.commit(12));
        }
        try (StorageResource r = resource(driver)) {
            r.writeAt(0, patternBytes(0, 10));
            assertThrows(IllegalStateException.class, () -> r.commit(5), "bytes exist past the length");
        }
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void aWaiterWakesWhenItsBytesArrive(String driver) throws Exception {
        try (StorageResource r = resource(driver)) {
            assertEquals(WaitOutcome.TIMED_OUT, r.waitRange(new ByteRange(0, 10), Duration.ofMillis(1)));
            Future<WaitOutcome> waiter = threads.submit(() -> r.waitRange(new ByteRange(0, 10), LONG));
            r.writeAt(0, patternBytes(0, 5));
            r.writeAt(5, patternBytes(5, 5));
            assertEquals(WaitOutcome.READY, waiter.get(20, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void failureReachesWaitersAndSticksUntilReactivated(String driver) throws Exception {
        try (StorageResource r = resource(driver)) {
            Future<WaitOutcome> waiter = threads.submit(() -> r.waitRange(new ByteRange(0, 10), LONG));
            IOException cause = new IOException("connection reset by origin");
            r.fail(cause);
            Exception e = assertThrows(Exception.class, () -> waiter.get(20, TimeUnit.SECONDS));
            SourceException failed = assertInstanceOf(SourceException.class, e.getCause());
            assertEquals(SourceException.Reason.FAILED, failed.reason());
            assertSame(cause, failed.getCause());
            assertEquals(Optional.of(new ByteRange(0, 10)), failed.range());
            assertTrue(failed.getMessage().contains("http://test/a.bin"), failed.getMessage());
            SourceException again = assertThrows(SourceException.class, () -> r.readAt(0, ByteBuffer.allocate(1)));
            assertSame(cause, again.getCause());
            assertEquals(SourcePhase.FAILED, r.phase());
            r.reactivate();
            r.writeAt(0, patternBytes(0, 10));
            assertEquals(WaitOutcome.READY, r.waitRange(new ByteRange(0, 10), Duration.ZERO));
        }
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void cancelWakesWaitersAndRefusesWrites(String driver) throws Exception {
        try (StorageResource r = resource(driver)) {
            Future<WaitOutcome> waiter = threads.submit(() -> r.waitRange(new ByteRange(0, 10), LONG));
            r.cancel();
            assertEquals(WaitOutcome.CANCELLED, waiter.get(20, TimeUnit.SECONDS));
            assertEquals(SourceException.Reason.CANCELLED,
                    assertThrows(SourceException.class, () -> r.writeAt(0, patternBytes(0, 1))).reason());
            r.fail(new IOException("late"));
            assertEquals(SourcePhase.CANCELLED, r.phase());
        }
    }

    @Test
    void anExistingFileIsCompleteWithoutBeingWritten() throws IOException {
        Path file = Files.createTempFile(dir, "existing", ".bin");
        Files.write(file, patternBytes(0, 5000).array());
        try (StorageResource r = StorageResource.complete(file.toString(), new FileDriver(file), 5000)) {
            assertTrue(r.isComplete());
            ByteBuffer dst = ByteBuffer.allocate(5000);
            assertEquals(ReadOutcome.bytes(5000), r.readAt(0, dst));
            assertArrayEquals(patternBytes(0, 5000).array(), dst.array());
            assertSame(ReadOutcome.eof(), r.readAt(5000, dst.clear()));
        }
    }

    @Test
    void anInterruptedWaiterThrowsAndKeepsItsFlag() throws Exception {
        try (StorageResource r = resource("memory")) {
            Future<Boolean> waiter = threads.submit(() -> {
                Thread.currentThread().interrupt();
                try {
                    r.waitRange(new ByteRange(0, 1), LONG);
                    return false;
                } catch (InterruptedIOException e) {
                    return Thread.currentThread().isInterrupted();
                }
            });
            assertTrue(waiter.get(20, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void offsetsPastTwoGibibytesWork(String driver) throws IOException {
        long far = 5L << 30;
        try (StorageResource r = resource(driver)) {
            r.writeAt(far, patternBytes(far, 4096));
            ByteBuffer dst = ByteBuffer.allocate(4096);
            assertEquals(ReadOutcome.bytes(4096), r.readAt(far, dst));
            assertArrayEquals(patternBytes(far, 4096).array(), dst.array());
            assertEquals(WaitOutcome.READY, r.waitRange(ByteRange.ofLength(far, 4096), Duration.ZERO));
        }
    }

    /**
     * One writer fills a 4 MiB resource in shuffled blocks, then rewrites random ranges; three readers read
     * random ranges as they arrive and check every byte: over 100,000 operations in all.
     */
    @ParameterizedTest
    @MethodSource("drivers")
    void writerAndReadersOverRandomRangesSeeEveryByteRight(String driver) throws Exception {
        int size = 4 << 20;
        int readsPerReader = 30_000;
        try (StorageResource r = resource(driver)) {
            Random random = new Random(7);
            List<ByteRange> blocks = new ArrayList<>();
            for (long at = 0; at < size; ) {
                int n = (int) Math.min(size - at, 1 + random.nextInt(400));
                blocks.add(ByteRange.ofLength(at, n));
                at += n;
            }
            Collections.shuffle(blocks, random);
            AtomicLong operations = new AtomicLong();
            Future<?> writer = threads.submit(() -> {
                for (ByteRange b : blocks) {
                    r.writeAt(b.start(), patternBytes(b.start(), (int) b.length()));
                    operations.incrementAndGet();
                }
                Random again = new Random(8);
                for (int i = 0; i < 5_000; i++) {
                    long at = again.nextInt(size - 1000);
                    r.writeAt(at, patternBytes(at, 1 + again.nextInt(999)));
                    operations.incrementAndGet();
                }
                r.commit(size);
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                long seed = 100 + t;
                readers.add(threads.submit(() -> {
                    Random rr = new Random(seed);
                    ByteBuffer dst = ByteBuffer.allocate(8192);
                    for (int i = 0; i < readsPerReader; i++) {
                        long at = rr.nextInt(size);
                        int want = (int) Math.min(size - at, 1 + rr.nextInt(8192));
                        ByteRange range = ByteRange.ofLength(at, want);
                        assertEquals(WaitOutcome.READY, r.waitRange(range, LONG), "waiting for " + range);
                        dst.clear().limit(want);
                        while (dst.hasRemaining()) {
                            ReadOutcome o = r.readAt(at + dst.position(), dst);
                            assertInstanceOf(ReadOutcome.Bytes.class, o, "present bytes are readable");
                        }
                        for (int k = 0; k < want; k++) {
                            if (dst.get(k) != pattern(at + k)) {
                                throw new AssertionError("wrong byte at " + (at + k));
                            }
                        }
                        operations.incrementAndGet();
                    }
                    return null;
                }));
            }
            writer.get(120, TimeUnit.SECONDS);
            for (Future<?> reader : readers) {
                reader.get(120, TimeUnit.SECONDS);
            }
            assertTrue(operations.get() >= 100_000, "operations: " + operations.get());
            assertTrue(r.isComplete());
        }
    }
}
