package kithara.stream.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import kithara.api.source.ByteRange;
import kithara.api.source.PendingReason;
import kithara.api.source.ReadOutcome;
import kithara.api.source.SourceException;
import kithara.api.source.SourcePhase;
import kithara.api.source.WaitOutcome;

/**
 * Bytes that arrive out of order from one writer while any number of readers wait for exactly the ranges
 * they need. Tracks which ranges are present ({@link RangeSet}), the final length once known, and whether
 * the resource failed or was cancelled; every change wakes every waiter, so no wake-up is lost.
 *
 * <p>States: active (writable), failed (every wait and read throws the same cause until
 * {@link #reactivate}), cancelled (waits return CANCELLED, reads throw; final). A final length set by
 * {@link #commit} makes ranges past it end-of-stream; gaps before it may still be written.
 *
 * <p>Threads: {@link #writeAt} from one writer at a time; everything else from any thread.
 */
public final class StorageResource implements Closeable {

    private enum State { ACTIVE, FAILED, CANCELLED }

    private final String name;
    private final StorageDriver driver;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final RangeSet present = new RangeSet();
    private OptionalLong finalLength = OptionalLong.empty();
    private State state = State.ACTIVE;
    private IOException failure;
    private boolean closed;
    private volatile Runnable onWritten = () -> { };

    /**
     * @param name   what the resource holds (a URI), named in every error
     * @param driver where the bytes go; owned by the resource from now on
     */
    public StorageResource(String name, StorageDriver driver) {
        this.name = name;
        this.driver = driver;
    }

    /**
     * Returns a resource over bytes that are all there already (a local file, a committed cache entry): the
     * range {@code [0, length)} is present and the length is final.
     */
    public static StorageResource complete(String name, StorageDriver driver, long length) {
        return restore(name, driver, List.of(new ByteRange(0, length)), OptionalLong.of(length));
    }

    /**
     * Returns a resource whose driver already holds {@code present} (e.g. reloaded from a cache index after a
     * restart), with {@code length} as its final length when known.
     */
    public static StorageResource restore(String name, StorageDriver driver, List<ByteRange> present,
                                          OptionalLong length) {
        StorageResource r = new StorageResource(name, driver);
        present.forEach(r.present::add);
        r.finalLength = length;
        return r;
    }

    /** Tells {@code listener}, once, when the bytes stop being stored durably (see {@link StorageDriver#onDegraded}). */
    public void onDegraded(Consumer<IOException> listener) {
        driver.onDegraded(listener);
    }

    /** Sets what runs after every successful write, on the writer's thread (e.g. checkpointing); must be quick. */
    public void onWritten(Runnable listener) {
        onWritten = listener;
    }

    /**
     * Drops every byte and the final length (the origin changed): waiters keep waiting for the new bytes.
     *
     * @throws IOException when the driver cannot be emptied
     */
    public void discard() throws IOException {
        lock.lock();
        try {
            present.clear();
            finalLength = OptionalLong.empty();
            driver.truncate();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns what the resource holds, as given at creation. */
    public String name() {
        return name;
    }

    /**
     * Writes {@code src} at {@code offset} and marks the range present, waking waiters.
     *
     * @throws SourceException CANCELLED when the resource was cancelled; OUT_OF_RANGE past the final length
     */
    public void writeAt(long offset, ByteBuffer src) throws IOException {
        ByteRange range = ByteRange.ofLength(offset, src.remaining());
        if (range.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (state == State.CANCELLED) {
                throw new SourceException(SourceException.Reason.CANCELLED, name, Optional.of(range), null);
            }
            if (finalLength.isPresent() && range.end() > finalLength.getAsLong()) {
                throw new SourceException(SourceException.Reason.OUT_OF_RANGE, name, Optional.of(range),
                        new IOException("past the final length " + finalLength.getAsLong()));
            }
        } finally {
            lock.unlock();
        }
        driver.write(offset, src);
        lock.lock();
        try {
            present.add(range);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onWritten.run();
    }

    /**
     * Copies present bytes at {@code offset} into {@code dst} without waiting.
     *
     * @return {@code Bytes(n)} for the present bytes (at most {@code dst.remaining()}); {@code Pending(NOT_READY)}
     *         when the byte at {@code offset} is absent; {@code Eof} at or past the final length
     * @throws SourceException FAILED with the cause when the resource failed, CANCELLED when it was cancelled
     */
    public ReadOutcome readAt(long offset, ByteBuffer dst) throws IOException {
        if (offset < 0 || !dst.hasRemaining()) {
            throw new IllegalArgumentException("offset " + offset + ", space " + dst.remaining());
        }
        long available;
        lock.lock();
        try {
            throwIfFailedOrCancelled(ByteRange.ofLength(offset, dst.remaining()));
            if (finalLength.isPresent() && offset >= finalLength.getAsLong()) {
                return ReadOutcome.eof();
            }
            available = present.contiguousEnd(offset) - offset;
        } finally {
            lock.unlock();
        }
        if (available == 0) {
            return ReadOutcome.pending(PendingReason.NOT_READY);
        }
        int n = (int) Math.min(available, dst.remaining());
        ByteBuffer slice = dst.slice().limit(n);
        driver.read(offset, slice);
        dst.position(dst.position() + n);
        return ReadOutcome.bytes(n);
    }

    /**
     * Blocks until all of {@code range} (clipped to the final length) is present, the range starts at or past
     * the final length, the resource fails or is cancelled, or {@code timeout} passes.
     *
     * @return READY, EOF, CANCELLED or TIMED_OUT
     * @throws SourceException FAILED with the cause when the resource failed (now or while waiting)
     * @throws InterruptedIOException when the thread is interrupted; its interrupt flag is set again
     */
    public WaitOutcome waitRange(ByteRange range, Duration timeout) throws IOException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                if (state == State.CANCELLED) {
                    return WaitOutcome.CANCELLED;
                }
                throwIfFailedOrCancelled(range);
                ByteRange wanted = range;
                if (finalLength.isPresent()) {
                    if (range.start() >= finalLength.getAsLong() && !range.isEmpty()) {
                        return WaitOutcome.EOF;
                    }
                    wanted = range.clipTo(finalLength.getAsLong());
                }
                if (present.contains(wanted)) {
                    return WaitOutcome.READY;
                }
                if (nanos <= 0) {
                    return WaitOutcome.TIMED_OUT;
                }
                try {
                    nanos = changed.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    InterruptedIOException ie = new InterruptedIOException("interrupted waiting for " + name + " bytes " + range);
                    ie.initCause(e);
                    throw ie;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void throwIfFailedOrCancelled(ByteRange range) throws SourceException {
        if (state == State.FAILED) {
            throw new SourceException(SourceException.Reason.FAILED, name, Optional.of(range), failure);
        }
        if (state == State.CANCELLED) {
            throw new SourceException(SourceException.Reason.CANCELLED, name, Optional.of(range), null);
        }
    }

    /**
     * Sets the final length: ranges past it are end-of-stream and writes past it are refused.
     *
     * @throws IllegalStateException when bytes past {@code length} are already present or another final
     *                               length was set
     */
    public void commit(long length) {
        lock.lock();
        try {
            if (finalLength.isPresent() && finalLength.getAsLong() != length) {
                throw new IllegalStateException(name + " already has final length " + finalLength.getAsLong()
                        + ", not " + length);
            }
            List<ByteRange> ranges = present.ranges();
            if (!ranges.isEmpty() && ranges.get(ranges.size() - 1).end() > length) {
                throw new IllegalStateException(name + " holds bytes up to " + ranges.get(ranges.size() - 1).end()
                        + ", past the final length " + length);
            }
            finalLength = OptionalLong.of(length);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Fails the resource: waiters and later readers get {@code cause} until {@link #reactivate}. Ignored once cancelled. */
    public void fail(IOException cause) {
        lock.lock();
        try {
            if (state != State.CANCELLED) {
                state = State.FAILED;
                failure = cause;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Clears a failure (e.g. before a retry); the bytes already present stay. No effect unless failed. */
    public void reactivate() {
        lock.lock();
        try {
            if (state == State.FAILED) {
                state = State.ACTIVE;
                failure = null;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Cancels for good: waiters return CANCELLED, reads and writes throw. Idempotent. */
    public void cancel() {
        lock.lock();
        try {
            state = State.CANCELLED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the final length once committed. */
    public OptionalLong length() {
        lock.lock();
        try {
            return finalLength;
        } finally {
            lock.unlock();
        }
    }

    /** Returns whether the final length is known and every byte before it is present. */
    public boolean isComplete() {
        lock.lock();
        try {
            return finalLength.isPresent() && present.contains(new ByteRange(0, finalLength.getAsLong()));
        } finally {
            lock.unlock();
        }
    }

    /** Returns the present ranges; a snapshot. */
    public List<ByteRange> presentRanges() {
        lock.lock();
        try {
            return present.ranges();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the parts of {@code within} that are absent; a snapshot. */
    public List<ByteRange> gaps(ByteRange within) {
        lock.lock();
        try {
            return present.gaps(within);
        } finally {
            lock.unlock();
        }
    }

    /** Returns the phase of the whole resource. */
    public SourcePhase phase() {
        lock.lock();
        try {
            return switch (state) {
                case FAILED -> SourcePhase.FAILED;
                case CANCELLED -> SourcePhase.CANCELLED;
                case ACTIVE -> finalLength.isPresent() && present.contains(new ByteRange(0, finalLength.getAsLong()))
                        ? SourcePhase.READY : SourcePhase.WAITING;
            };
        } finally {
            lock.unlock();
        }
    }

    /** Returns the phase of one range: READY when present, EOF past the end, else the resource's state. */
    public SourcePhase phaseAt(ByteRange range) {
        lock.lock();
        try {
            if (state == State.FAILED) {
                return SourcePhase.FAILED;
            }
            if (state == State.CANCELLED) {
                return SourcePhase.CANCELLED;
            }
            if (finalLength.isPresent() && range.start() >= finalLength.getAsLong() && !range.isEmpty()) {
                return SourcePhase.EOF;
            }
            ByteRange wanted = finalLength.isPresent() ? range.clipTo(finalLength.getAsLong()) : range;
            return present.contains(wanted) ? SourcePhase.READY : SourcePhase.WAITING;
        } finally {
            lock.unlock();
        }
    }

    /** Makes the written bytes durable. */
    public void flush() throws IOException {
        driver.flush();
    }

    /** Cancels and closes the driver (a file driver's file stays on disk). Idempotent. */
    @Override
    public void close() throws IOException {
        cancel();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        driver.close();
    }

    @Override
    public String toString() {
        return "StorageResource[" + name + " on " + driver.describe() + "]";
    }
}
