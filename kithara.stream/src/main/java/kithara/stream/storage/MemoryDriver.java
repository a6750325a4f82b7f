package kithara.stream.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores bytes on the heap in pages of 64 KiB allocated on first write, so a sparse resource costs only the pages
 * written and offsets past 2 GiB work. A page starts as small as its first write needs (4 KiB at least) and doubles as
 * writes reach further into it: a resource of a few kilobytes (an HLS segment of one second, a playlist) takes a few
 * kilobytes, not a whole page. Writes take the driver's lock; reads of bytes written before take none.
 */
public final class MemoryDriver implements StorageDriver {

    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int SMALLEST_PAGE = 4096;

    private final ConcurrentHashMap<Long, byte[]> pages = new ConcurrentHashMap<>();
    private final String name;

    /** Creates an empty store; {@code name} appears in messages. */
    public MemoryDriver(String name) {
        this.name = name;
    }

    /** Writes under the driver's lock, so that a page grown for one write loses no byte of another. */
    @Override
    public synchronized void write(long offset, ByteBuffer src) {
        long position = offset;
        while (src.hasRemaining()) {
            int inPage = (int) (position & (PAGE_SIZE - 1));
            int n = Math.min(src.remaining(), PAGE_SIZE - inPage);
            byte[] page = pageHolding(position >>> PAGE_SHIFT, inPage + n);
            src.get(page, inPage, n);
            position += n;
        }
    }

    /**
     * The page {@code index}, at least {@code length} bytes long: a larger copy replaces a shorter one (readers read only
     * bytes written before, which the copy holds too).
     */
    private byte[] pageHolding(long index, int length) {
        byte[] page = pages.get(index);
        if (page != null && page.length >= length) {
            return page;
        }
        int size = Math.max(SMALLEST_PAGE, Integer.highestOneBit(Math.max(1, length - 1)) << 1);
        byte[] grown = page == null ? new byte[Math.min(PAGE_SIZE, size)] : Arrays.copyOf(page, Math.min(PAGE_SIZE, size));
        pages.put(index, grown);
        return grown;
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        long position = offset;
        while (dst.hasRemaining()) {
            byte[] page = pages.get(position >>> PAGE_SHIFT);
            int inPage = (int) (position & (PAGE_SIZE - 1));
            int n = Math.min(dst.remaining(), PAGE_SIZE - inPage);
            if (page == null || inPage + n > page.length) {
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
    public synchronized void truncate() {
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
