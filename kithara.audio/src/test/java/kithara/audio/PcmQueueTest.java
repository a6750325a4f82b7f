package kithara.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PcmQueueTest {

    private static final Runnable NO_REFILL = () -> { };
    private static final Consumer<Boolean> NOT_TOLD = waiting -> { };

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(20, TimeUnit.SECONDS));
    }

    @Test
    void readsAcrossChunksAndTracksThePosition() throws IOException {
        PcmQueue q = new PcmQueue(2, 100, NO_REFILL, NOT_TOLD);
        long e = q.newEpoch(0);
        assertTrue(q.put(new float[] {1, 1, 2, 2, 3, 3}, 3, 0, e));
        assertTrue(q.put(new float[] {4, 4}, 1, 3, e));
        q.end(e);
        float[] dst = new float[4];
        assertEquals(2, q.read(dst, 0, 2));
        assertArrayEquals(new float[] {1, 1, 2, 2}, dst);
        assertEquals(2, q.readFrame());
        assertEquals(2, q.read(dst, 0, 2), "the end of one chunk and the start of the next");
        assertArrayEquals(new float[] {3, 3, 4, 4}, dst);
        assertEquals(4, q.readFrame());
        assertTrue(q.isDrainedAndEnded());
        assertEquals(-1, q.read(dst, 0, 2));
    }

    @Test
    void aChunksArrayGoesBackToTheWorkerOnlyOnceItWasReadToItsEnd() throws IOException {
        PcmQueue q = new PcmQueue(2, 100, NO_REFILL, NOT_TOLD);
        long e = q.newEpoch(0);
        float[] chunk = q.buffer(6);
        assertTrue(q.put(chunk, 3, 0, e));
        float[] dst = new float[6];
        assertEquals(2, q.read(dst, 0, 2));
        assertNotSame(chunk, q.buffer(6), "a frame of it is still queued");
        assertEquals(1, q.read(dst, 0, 2));
        assertSame(chunk, q.buffer(6));
    }

    @Test
    void aReaderThatTakesAFullQueueOfSmallChunksAtOnceGivesTheWorkerBackEveryArray() throws IOException {
        PcmQueue q = new PcmQueue(2, 22_050, NO_REFILL, NOT_TOLD); // half a second at 44.1 kHz
        long e = q.newEpoch(0);
        Set<float[]> put = Collections.newSetFromMap(new IdentityHashMap<>());
        for (long frame = 0; !q.isFull(); frame += 1024) { // 22 chunks of AAC
            float[] a = q.buffer(2048);
            put.add(a);
            assertTrue(q.put(a, 1024, frame, e));
        }
        float[] dst = new float[2 * 22_528];
        assertEquals(22_528, q.read(dst, 0, 22_528));
        for (int i = 0; i < put.size(); i++) {
            assertTrue(put.contains(q.buffer(2048)), "array " + i + " of " + put.size() + " is one the reader gave back");
        }
    }

    @Test
    void aReaderWaitingForMoreThanComesTakesWhatCame() throws Exception {
        PcmQueue q = new PcmQueue(1, 100, NO_REFILL, NOT_TOLD);
        long e = q.newEpoch(0);
        Future<Integer> reader = threads.submit(() -> q.read(new float[50], 0, 50));
        assertTrue(q.put(new float[] {7}, 1, 0, e));
        assertEquals(1, reader.get(20, TimeUnit.SECONDS), "a one-frame chunk, although the read asked for 50");
    }

    @Test
    void aDecoderAndAReaderOnTwoThreadsPassEveryFrameInOrder() throws Exception {
        Semaphore refills = new Semaphore(0);
        PcmQueue q = new PcmQueue(2, 256, refills::release, NOT_TOLD);
        long e = q.newEpoch(0);
        int total = 200_000;
        Future<?> decoder = threads.submit(() -> {
            Random sizes = new Random(1);
            for (int frame = 0; frame < total; ) {
                while (q.isFull()) {
                    refills.tryAcquire(20, TimeUnit.SECONDS); // as the decode work pauses until a read refills
                }
                int n = Math.min(total - frame, 1 + sizes.nextInt(64));
                float[] chunk = q.buffer(2 * n);
                for (int i = 0; i < n; i++) {
                    chunk[2 * i] = frame + i;
                    chunk[2 * i + 1] = -(frame + i);
                }
                assertTrue(q.put(chunk, n, frame, e));
                frame += n;
            }
            q.end(e);
            return null;
        });
        Random wants = new Random(2);
        float[] dst = new float[2 * 400];
        int expected = 0;
        for (int n = q.read(dst, 0, 1 + wants.nextInt(400)); n >= 0; n = q.read(dst, 0, 1 + wants.nextInt(400))) {
            for (int i = 0; i < n; i++, expected++) {
                assertEquals(expected, dst[2 * i]);
                assertEquals(-expected, dst[2 * i + 1]);
            }
            assertEquals(expected, q.readFrame());
        }
        assertEquals(total, expected);
        decoder.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aNewEpochDropsEverythingOlder() throws IOException {
        PcmQueue q = new PcmQueue(1, 2, NO_REFILL, NOT_TOLD);
        long old = q.newEpoch(0);
        assertTrue(q.put(new float[] {1, 2}, 2, 0, old));
        assertTrue(q.isFull());
        long fresh = q.newEpoch(1000);
        assertFalse(q.isFull());
        assertFalse(q.put(new float[] {3}, 1, 2, old), "a stale put is dropped, not queued");
        assertTrue(q.put(new float[] {9}, 1, 1000, fresh));
        float[] dst = new float[4];
        assertEquals(1, q.read(dst, 0, 4));
        assertEquals(9f, dst[0]);
        assertEquals(1001, q.readFrame());
    }

    @Test
    void aFailureReachesTheReaderAfterTheQueuedPcm() throws IOException {
        PcmQueue q = new PcmQueue(1, 10, NO_REFILL, NOT_TOLD);
        long e = q.newEpoch(0);
        q.put(new float[] {1}, 1, 0, e);
        IOException cause = new IOException("decoder died");
        q.fail(cause, e);
        assertEquals(1, q.read(new float[1], 0, 1));
        assertSame(cause, assertThrows(IOException.class, () -> q.read(new float[1], 0, 1)));
    }

    @Test
    void closeWakesABlockedReaderAndRefusesPuts() throws Exception {
        PcmQueue q = new PcmQueue(1, 1, NO_REFILL, NOT_TOLD);
        long e = q.newEpoch(0);
        Future<Integer> reader = threads.submit(() -> q.read(new float[1], 0, 1));
        q.close();
        assertEquals(-1, reader.get(20, TimeUnit.SECONDS));
        assertFalse(q.put(new float[] {2}, 1, 1, e));
    }

    @Test
    void aReadThatDrainsAFullQueueBelowThreeQuartersAsksForARefillOnce() throws IOException {
        AtomicInteger refills = new AtomicInteger();
        PcmQueue q = new PcmQueue(1, 8, refills::incrementAndGet, NOT_TOLD);
        long e = q.newEpoch(0);
        q.put(new float[8], 8, 0, e);
        assertTrue(q.isFull());
        float[] dst = new float[8];
        q.read(dst, 0, 2); // 6 left: three quarters, no refill yet
        assertEquals(0, refills.get());
        q.read(dst, 0, 1); // 5 left
        assertEquals(1, refills.get());
        q.read(dst, 0, 1);
        assertEquals(1, refills.get(), "one call per crossing, not per read");
    }

    @Test
    void theRefillFindsTheArraysOfWhatWasReadReadyForReuse() throws IOException {
        List<float[]> handedToTheWorker = new ArrayList<>();
        PcmQueue[] queue = new PcmQueue[1];
        PcmQueue q = new PcmQueue(1, 8, () -> handedToTheWorker.add(queue[0].buffer(2)), NOT_TOLD);
        queue[0] = q;
        long e = q.newEpoch(0);
        float[] first = new float[2];
        for (int i = 0; i < 4; i++) {
            q.put(i == 0 ? first : new float[2], 2, 2L * i, e);
        }
        q.read(new float[3], 0, 3); // 5 of 8 left: the refill
        assertEquals(1, handedToTheWorker.size());
        assertSame(first, handedToTheWorker.get(0), "the worker refills the array read, not a new one");
    }

    @Test
    void aReadThatWaitsForPcmIsBufferingUntilPcmComes() throws Exception {
        LinkedBlockingQueue<Boolean> told = new LinkedBlockingQueue<>();
        PcmQueue q = new PcmQueue(1, 8, NO_REFILL, told::add);
        long e = q.newEpoch(0);
        Future<Integer> reader = threads.submit(() -> q.read(new float[1], 0, 1));
        assertEquals(Boolean.TRUE, told.poll(20, TimeUnit.SECONDS), "the waiting reader is buffering");
        assertTrue(q.put(new float[] {7}, 1, 0, e));
        assertEquals(1, reader.get(20, TimeUnit.SECONDS));
        assertEquals(Boolean.FALSE, told.poll(20, TimeUnit.SECONDS), "and stops buffering with the PCM");
        q.put(new float[] {8}, 1, 1, e);
        q.end(e);
        assertEquals(1, q.read(new float[1], 0, 1));
        assertEquals(-1, q.read(new float[1], 0, 1));
        assertTrue(told.isEmpty(), "reads that did not wait say nothing: " + told);
    }
}
