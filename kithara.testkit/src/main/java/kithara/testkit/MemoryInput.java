package kithara.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

import kithara.api.decode.DecoderInput;

/** A {@link DecoderInput} over a byte array, optionally hiding its length or failing past an offset. */
public final class MemoryInput implements DecoderInput {

    private final byte[] data;
    private final boolean lengthKnown;
    private final long failAt;
    private long position;
    private volatile boolean closed;
    private volatile boolean failSeeks;

    /**
     * @param data        the bytes
     * @param lengthKnown whether {@link #length()} tells the length (a live or chunked source does not)
     * @param failAt      the offset from which every read fails, or {@code Long.MAX_VALUE} for none (a read at that
     *                    offset then ends the input, as past any end)
     */
    public MemoryInput(byte[] data, boolean lengthKnown, long failAt) {
        this.data = data;
        this.lengthKnown = lengthKnown;
        this.failAt = failAt;
    }

    /** An input over {@code data} that tells its length and never fails. */
    public static MemoryInput of(byte[] data) {
        return new MemoryInput(data, true, Long.MAX_VALUE);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (position >= failAt && failAt != Long.MAX_VALUE) {
            throw new IOException("injected failure at byte " + position);
        }
        if (position >= data.length) {
            return -1;
        }
        int n = (int) Math.min(Math.min(dst.remaining(), data.length - position), failAt - position);
        dst.put(data, (int) position, n);
        position += n;
        return n;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void seek(long offset) throws IOException {
        if (failSeeks) {
            throw new IOException("injected seek failure to byte " + offset);
        }
        if (offset < 0) {
            throw new IOException("negative offset " + offset);
        }
        position = offset;
    }

    @Override
    public OptionalLong length() {
        return lengthKnown ? OptionalLong.of(data.length) : OptionalLong.empty();
    }

    @Override
    public boolean isSeekable() {
        return true;
    }

    @Override
    public String describe() {
        return "memory:" + data.length + "B";
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Returns whether the input was closed. */
    public boolean isClosed() {
        return closed;
    }

    /** Makes every later seek fail, as a network source that went away would, or work again. */
    public void failSeeks(boolean fail) {
        failSeeks = fail;
    }
}
