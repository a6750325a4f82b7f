package kithara.protocol.hls;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of one complete playlist part (a segment or an init section), wherever they are kept: in the asset
 * cache ({@link CachedPart}) or, for decrypted parts and streams without a cache, in memory. Not thread-safe: the
 * stream's lock guards it.
 */
interface PartBytes {

    /** How many bytes the part has. */
    long length();

    /**
     * Copies bytes from {@code at} into {@code dst}, as many as fit and the part has after {@code at}.
     *
     * @return how many were copied
     * @throws IOException when the bytes cannot be read (the message names the part)
     */
    int read(long at, ByteBuffer dst) throws IOException;

    /** Frees what holds the bytes (memory, an open cache file); a cached part stays in the cache. */
    void release();

    /** Bytes held in memory. */
    static PartBytes inMemory(byte[] bytes) {
        return new InMemory(bytes);
    }

    /** A part held in memory. */
    record InMemory(byte[] bytes) implements PartBytes {

        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public int read(long at, ByteBuffer dst) {
            int n = (int) Math.max(0, Math.min(dst.remaining(), bytes.length - at));
            dst.put(bytes, (int) at, n);
            return n;
        }

        @Override
        public void release() {
            // the garbage collector frees it once the period drops the reference
        }
    }
}
