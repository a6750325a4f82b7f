package kithara.stream.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores bytes on the heap in fixed-size pages allocated on first write, so a sparse resource costs only
 * the pages written and offsets past 2 GiB work.
 */
public final class MemoryDriver implements StorageDriver {

    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private final ConcurrentHashMap<Long, byte[]> pages = new ConcurrentHashMap<>();
    private final String name;

    /** Creates an empty store; {@code name} appears in messages. */
    public MemoryDriver(String name) {
        this.name = name;
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        long position = offset;
        while (src.hasRemaining()) {
            byte[] page = pages.computeIfAbsent(position >>> PAGE_SHIFT, k -> new byte[PAGE_SIZE]);
            int inPage = (int) (position & (PAGE_SIZE - 1));
            int n = Math.min(src.remaining(), PAGE_SIZE - inPage);
            src.get(page, inPage, n);
            position += n;
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        long position = offset;
        while (dst.hasRemaining()) {
            byte[] page = pages.get(position >>> PAGE_SHIFT);
            int inPage = (int) (position & (PAGE_SIZE - 1));
            int n = Math.min(dst.remaining(), PAGE_SIZE - inPage);
            if (page == null) {
                throw new IllegalStateException("read of unwritten bytes at " + position + " in " + name);
            }
            dst.put(page, inPage, n);
            position += n;
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void truncate() {
        pages.clear();
    }

    @Override
    public String describe() {
        return "memory:" + name;
    }

    /** Drops every page. */
    @Override
    public void close() {
        pages.clear();
    }
}
