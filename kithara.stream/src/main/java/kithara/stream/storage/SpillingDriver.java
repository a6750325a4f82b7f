package kithara.stream.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import kithara.api.source.ByteRange;

/**
 * A driver that writes to disk until the disk refuses (full, gone read-only, failing), then keeps every later write in
 * memory, so that a download and its playback go on: bytes already on disk stay readable there, nothing served
 * changes. Its owners learn of the switch once ({@link #onDegraded}) and must not record the in-memory ranges as
 * durable.
 */
public final class SpillingDriver implements StorageDriver {

    private final StorageDriver disk;
    private final MemoryDriver memory;
    private final List<Consumer<IOException>> onSpill = new ArrayList<>(); // guarded by this
    private final RangeSet inMemory = new RangeSet(); // guarded by this
    private volatile IOException spilled;

    /**
     * @param disk where bytes go while it works
     * @param name for the memory driver's messages
     */
    public SpillingDriver(StorageDriver disk, String name) {
        this.disk = disk;
        this.memory = new MemoryDriver(name + " (in memory: the disk refused it)");
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        int start = src.position();
        if (spilled == null) {
            try {
                disk.write(offset, src);
                return;
            } catch (IOException e) {
                src.position(start); // whatever part reached the disk is written again, to memory
                spill(e);
            }
        }
        ByteRange range = ByteRange.ofLength(offset, src.remaining());
        memory.write(offset, src);
        synchronized (this) {
            inMemory.add(range);
        }
    }

    private void spill(IOException cause) {
        List<Consumer<IOException>> told;
        synchronized (this) {
            if (spilled != null) {
                return;
            }
            spilled = cause;
            told = List.copyOf(onSpill);
        }
        told.forEach(listener -> listener.accept(cause));
    }

    @Override
    public void onDegraded(Consumer<IOException> listener) {
        IOException already;
        synchronized (this) {
            already = spilled;
            if (already == null) {
                onSpill.add(listener);
                return;
            }
        }
        listener.accept(already);
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        long at = offset;
        while (dst.hasRemaining()) {
            long memoryEnd;
            long nextInMemory;
            synchronized (this) {
                memoryEnd = inMemory.contains(ByteRange.ofLength(at, 1)) ? inMemory.contiguousEnd(at) : -1;
                long from = at;
                nextInMemory = inMemory.ranges().stream().mapToLong(ByteRange::start).filter(s -> s > from).min()
                        .orElse(Long.MAX_VALUE);
            }
            int n = (int) Math.min(dst.remaining(), (memoryEnd >= 0 ? memoryEnd : nextInMemory) - at);
            ByteBuffer slice = dst.slice().limit(n);
            if (memoryEnd >= 0) {
                memory.read(at, slice);
            } else {
                disk.read(at, slice);
            }
            dst.position(dst.position() + n);
            at += n;
        }
    }

    /** The ranges kept in memory only: not durable, never to be recorded as stored. */
    public synchronized List<ByteRange> memoryRanges() {
        return inMemory.ranges();
    }

    /** Whether the disk refused a write: from then on, writes stay in memory. */
    public boolean isSpilled() {
        return spilled != null;
    }

    @Override
    public void flush() throws IOException {
        disk.flush();
    }

    @Override
    public void truncate() throws IOException {
        synchronized (this) {
            inMemory.clear();
        }
        memory.truncate();
        disk.truncate();
    }

    @Override
    public String describe() {
        IOException why = spilled;
        return disk.describe() + (why == null ? "" : " (later bytes in memory: " + why.getMessage() + ")");
    }

    @Override
    public void close() throws IOException {
        try {
            memory.close();
        } finally {
            disk.close();
        }
    }
}
