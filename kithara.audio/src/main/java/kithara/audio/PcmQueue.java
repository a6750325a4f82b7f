package kithara.audio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import kithara.api.event.KitharaEvent;

/**
 * The bounded queue between a resource's decode work and its reader, in interleaved output frames. The decode work
 * fills it until {@link #isFull} and returns its thread; a read that drains it below three quarters calls the
 * refill callback, so decoding resumes well before the reader runs dry. Every chunk carries the seek epoch it was
 * decoded in; {@link #newEpoch} drops everything older, so that after a seek no earlier PCM is ever read. The end of
 * the stream and a failure are part of the epoch too. A read that waits longer than
 * {@link KitharaEvent.Buffering#AFTER} is buffering: the queue says so, and says so again when PCM comes.
 */
final class PcmQueue {

    /**
     * How long a reader that found the queue empty waits for half the capacity before it takes what came: while the
     * decoder is fast, the decode thread wakes it once per half queue, not once per chunk or per small read (a wake-up
     * costs the waking thread several microseconds, more than a chunk of AAC takes to decode). A reader that looked every
     * 25 us instead, unwoken, spared the decode thread but took the CPU that an HLS stream's fetches needed.
     */
    private static final long BATCH_NANOS = 1_000_000;
    /** The fewest frames a chunk of a common codec has (Opus: 960); arrays are kept for a full queue of them. */
    private static final int SMALL_CHUNK_FRAMES = 960;
    /** How long a read waits before it counts as buffering. */
    private static final long BUFFERING_NANOS = KitharaEvent.Buffering.AFTER.toNanos();

    /** One queued run of frames (read by {@link TakenFrames} too). */
    record Chunk(float[] samples, int frames, long startFrame, long epoch) {
    }

    private final int channels;
    private final long capacityFrames;
    private final long refillBelow;
    private final Runnable refill;
    private final Consumer<Boolean> buffering;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    /** Arrays of chunks already read, for the worker to fill again: no new array per chunk in steady playback. */
    private final ConcurrentLinkedDeque<float[]> spare = new ConcurrentLinkedDeque<>();
    /**
     * How many arrays are kept for reuse at most: as many as a full queue of small chunks holds, so that a reader that
     * takes the whole queue at once gives the worker all it needs (an allocated array costs it page faults and the
     * collector's work); never more memory than a full queue.
     */
    private final int maxSpare;
    private final AtomicInteger spareCount = new AtomicInteger();
    /** Written under the lock; read without it by {@link #isFull} (the worker) and {@link #queuedFrames}. */
    private volatile long queuedFrames;
    /** How many queued frames wake the waiting reader: 1 unless it waits for a batch. */
    private long wakeAtFrames = 1;
    private int headOffset;
    private long epoch;
    private boolean ended;
    private IOException failure;
    private boolean closed;
    private IOException aborted;
    /** Written under the lock; read without it by {@link #readFrame} (the position, after every read). */
    private volatile long readFrame;
    /** Whether the reader was told it is buffering and not yet that it has PCM again. */
    private boolean waitingReported;

    /**
     * A queue of {@code capacityFrames}; {@code refill} runs when a read drains it, {@code buffering} when a read
     * starts (true) and stops (false) buffering, both on the reader's thread outside the queue's lock.
     */
    PcmQueue(int channels, long capacityFrames, Runnable refill, Consumer<Boolean> buffering) {
        this.channels = channels;
        this.capacityFrames = Math.max(1, capacityFrames);
        this.refillBelow = Math.max(1, this.capacityFrames * 3 / 4);
        this.maxSpare = (int) Math.min(1024, this.capacityFrames / SMALL_CHUNK_FRAMES + 4);
        this.refill = refill;
        this.buffering = buffering;
    }

    /**
     * Worker: an array of at least {@code samples} floats to fill and {@link #put}, reused from PCM already read when
     * one is large enough. Takes no lock: of the worker's calls per chunk only {@link #put} does, so that it seldom
     * finds the reader holding it (waiting for a lock costs both threads a park and a wake-up).
     */
    float[] buffer(int samples) {
        float[] reused = spare.pollLast();
        if (reused != null) {
            spareCount.decrementAndGet();
        }
        return reused != null && reused.length >= samples ? reused : new float[samples];
    }

    /** Returns the current epoch. */
    long epoch() {
        lock.lock();
        try {
            return epoch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a new epoch at output frame {@code startFrame}: drops all queued PCM, the end and any failure (but not an
     * {@link #abort}).
     */
    long newEpoch(long startFrame) {
        lock.lock();
        try {
            epoch++;
            chunks.clear();
            queuedFrames = 0;
            headOffset = 0;
            ended = false;
            failure = aborted;
            readFrame = startFrame;
            changed.signalAll();
            return epoch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Worker: adds a chunk of {@code epoch}, even past the capacity (the worker asks {@link #isFull} before it decodes
     * the next). A chunk of an old epoch is dropped.
     *
     * @return false when the chunk was dropped (stale epoch or closed)
     */
    boolean put(float[] samples, int frames, long startFrame, long chunkEpoch) {
        lock.lock();
        try {
            if (closed || chunkEpoch != epoch) {
                return false;
            }
            chunks.add(new Chunk(samples, frames, startFrame, chunkEpoch));
            queuedFrames += frames;
            if (queuedFrames >= wakeAtFrames) {
                changed.signalAll();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Worker: whether the queue holds its capacity, so decoding may pause until a read calls the refill callback. */
    boolean isFull() {
        return queuedFrames >= capacityFrames;
    }

    /** Worker: marks the end of the stream for {@code chunkEpoch}. */
    void end(long chunkEpoch) {
        lock.lock();
        try {
            if (chunkEpoch == epoch) {
                ended = true;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Worker: fails {@code chunkEpoch}; the reader gets {@code cause} once the queued PCM is read. */
    void fail(IOException cause, long chunkEpoch) {
        lock.lock();
        try {
            if (chunkEpoch == epoch) {
                failure = cause;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The worker is gone for good (an {@code Error}, an interrupt): every epoch, this one and any later, fails with
     * {@code cause}, so that no reader waits for PCM that will never come.
     */
    void abort(IOException cause) {
        lock.lock();
        try {
            aborted = cause;
            failure = cause;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reader: copies up to {@code maxFrames} frames into {@code dst} at {@code offset} (interleaved), from as many
     * chunks as are queued. Blocks until a frame is available, the end, a failure, or close; a reader that finds the
     * queue empty first waits up to {@link #BATCH_NANOS} for half the capacity. The frames are taken from the queue
     * under its lock and copied outside it, so the worker's puts never wait for a copy.
     *
     * @return frames copied, or -1 at the end or when closed
     */
    int read(float[] dst, int offset, int maxFrames) throws IOException {
        boolean drained = false;
        boolean bufferingEnded = false;
        TakenFrames taken = null;
        lock.lock();
        try {
            if (chunks.isEmpty()) {
                awaitBatch(Math.max(1, capacityFrames / 2));
            }
            long bufferingAt = Long.MIN_VALUE; // set when this read first has to wait: no clock read when PCM is there
            while (chunks.isEmpty() && !ended && failure == null && !closed) {
                if (waitingReported) {
                    await();
                    continue;
                }
                long now = System.nanoTime();
                if (bufferingAt == Long.MIN_VALUE) {
                    bufferingAt = now + BUFFERING_NANOS;
                }
                if (now - bufferingAt < 0) {
                    awaitNanos(bufferingAt - now);
                } else {
                    waitingReported = true;
                    tellBufferingStarted();
                }
            }
            bufferingEnded = waitingReported;
            waitingReported = false;
            if (!chunks.isEmpty()) {
                long before = queuedFrames;
                taken = take(maxFrames);
                drained = before >= refillBelow && queuedFrames < refillBelow;
            } else if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
            if (bufferingEnded) {
                buffering.accept(false);
            }
        }
        if (taken == null) {
            return -1;
        }
        taken.copyTo(dst, offset, channels);
        recycle(taken.finished());
        if (drained) {
            refill.run(); // after the recycling: the worker decodes into these arrays, not into new ones
        }
        return taken.frames();
    }

    /**
     * Waits, for at most {@link #BATCH_NANOS}, until {@code frames} frames are queued or the epoch ends, fails or the
     * queue closes: what counts as buffering starts only afterwards, so the wait is short enough to go unnoticed.
     */
    private void awaitBatch(long frames) throws InterruptedIOException {
        wakeAtFrames = frames;
        try {
            long deadline = System.nanoTime() + BATCH_NANOS;
            for (long left = BATCH_NANOS; queuedFrames < frames && !ended && failure == null && !closed && left > 0;
                    left = deadline - System.nanoTime()) {
                awaitNanos(left);
            }
        } finally {
            wakeAtFrames = 1;
        }
    }

    /**
     * Takes queued frames off the queue, chunk after chunk, until {@code maxFrames} or the queue is empty; under the
     * lock. A chunk read only in part stays at the head, its rest still queued.
     */
    private TakenFrames take(int maxFrames) {
        TakenFrames taken = new TakenFrames(headOffset);
        while (taken.frames() < maxFrames && !chunks.isEmpty()) {
            Chunk head = chunks.peek();
            int n = Math.min(maxFrames - taken.frames(), head.frames - headOffset);
            taken.add(head, n);
            headOffset += n;
            queuedFrames -= n;
            readFrame = head.startFrame + headOffset;
            if (headOffset == head.frames) {
                chunks.poll();
                headOffset = 0;
            }
        }
        return taken;
    }

    /** Hands the arrays of chunks read to the end back to the worker: only now, after their copy, may it refill them. */
    private void recycle(List<float[]> arrays) {
        for (float[] a : arrays) {
            if (spareCount.get() < maxSpare) {
                spareCount.incrementAndGet();
                spare.addLast(a);
            }
        }
    }

    /** Tells the reader's listener that it is buffering, outside the lock (which the reader holds and gets back). */
    private void tellBufferingStarted() {
        lock.unlock();
        try {
            buffering.accept(true);
        } finally {
            lock.lock();
        }
    }

    /** Returns how many frames wait to be read. */
    long queuedFrames() {
        return queuedFrames;
    }

    /** Returns the output frame the reader reads next. */
    long readFrame() {
        return readFrame;
    }

    /** Returns whether everything of the current epoch was read and it ended. */
    boolean isDrainedAndEnded() {
        lock.lock();
        try {
            return ended && chunks.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code chunks} chunks are queued, the end or a failure, or {@code timeoutNanos} passes.
     *
     * @return whether the condition was met in time
     */
    boolean awaitPreload(int count, long timeoutNanos) throws InterruptedIOException {
        lock.lock();
        try {
            long nanos = timeoutNanos;
            while (chunks.size() < count && !ended && failure == null && !closed) {
                if (nanos <= 0) {
                    return false;
                }
                try {
                    nanos = changed.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while preloading");
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes everyone for good: the reader gets -1, the worker's puts return false. */
    void close() {
        lock.lock();
        try {
            closed = true;
            chunks.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the next change; {@link #close} is the way out for everyone. */
    private void await() throws InterruptedIOException {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** Waits for the next change or {@code nanos}. */
    private void awaitNanos(long nanos) throws InterruptedIOException {
        try {
            changed.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}
