package kithara.stream.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import kithara.api.decode.DecoderInput;
import kithara.api.source.ByteRange;
import kithara.api.source.ReadOutcome;
import kithara.api.source.Source;
import kithara.api.source.SourceException;
import kithara.api.source.WaitOutcome;

/**
 * The Read + Seek view of a {@link Source}: an {@link InputStream}, a read-only {@link SeekableByteChannel}
 * and a {@link DecoderInput} in one. It owns the read cursor and publishes it to the source's timeline so
 * that producers can hold back when far ahead. A read blocks until at least one byte is present, the end
 * is reached, or the read deadline passes; it then throws a {@link SourceException} naming the source, the
 * byte range and the reason (TIMED_OUT, CANCELLED, or FAILED with the cause).
 *
 * <p>Single-threaded: one reader uses it. Closing it closes the source.
 */
public final class SourceStream extends InputStream implements SeekableByteChannel, DecoderInput {

    /** Where {@link #seek(long, Origin)} counts from. */
    public enum Origin {
        /** From offset 0. */
        START,
        /** From the cursor. */
        CURRENT,
        /** From the end; needs a known length. */
        END
    }

    /** How long one read may wait for bytes by default. */
    public static final Duration DEFAULT_READ_DEADLINE = Duration.ofSeconds(30);

    private final Source source;
    private final String description;
    private final Duration readDeadline;
    private final boolean seekable;
    private final byte[] single = new byte[1];
    private long position;
    private boolean closed;

    /**
     * @param source       the bytes; owned by the stream from now on
     * @param description  what the source is (a URI), named in errors
     * @param readDeadline the longest one read may wait for its first byte, {@code > 0}
     */
    public SourceStream(Source source, String description, Duration readDeadline) {
        this(source, description, readDeadline, true);
    }

    /**
     * @param source       the bytes; owned by the stream from now on
     * @param description  what the source is (a URI), named in errors
     * @param readDeadline the longest one read may wait for its first byte, {@code > 0}
     * @param seekable     false to hand the bytes over strictly in order: {@link #isSeekable()} says so and
     *                     {@link #seek} refuses to move, so a decoder neither seeks nor looks ahead to the end
     */
    public SourceStream(Source source, String description, Duration readDeadline, boolean seekable) {
        if (readDeadline.isNegative() || readDeadline.isZero()) {
            throw new IllegalArgumentException("readDeadline must be > 0: " + readDeadline);
        }
        this.source = source;
        this.description = description;
        this.readDeadline = readDeadline;
        this.seekable = seekable;
    }

    /**
     * Reads up to {@code dst.remaining()} bytes at the cursor. Blocks until at least one byte is present.
     *
     * @return the number of bytes read, 0 only when {@code dst} has no space, or -1 at the end
     * @throws SourceException TIMED_OUT after the read deadline, CANCELLED, or FAILED with the cause; each
     *                         names the source and the range that was wanted
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (!dst.hasRemaining()) {
            return 0;
        }
        long deadline = System.nanoTime() + readDeadline.toNanos();
        while (true) {
            ReadOutcome outcome = source.readAt(position, dst);
            if (outcome instanceof ReadOutcome.Bytes bytes) {
                position += bytes.count();
                source.timeline().publishReadPosition(position);
                return bytes.count();
            }
            if (outcome instanceof ReadOutcome.Eof) {
                return -1;
            }
            ByteRange wanted = ByteRange.ofLength(position, dst.remaining());
            long left = deadline - System.nanoTime();
            WaitOutcome waited = left <= 0 ? WaitOutcome.TIMED_OUT
                    : source.waitRange(ByteRange.ofLength(position, 1), Duration.ofNanos(left));
            switch (waited) {
                case READY:
                case EOF:
                    continue;
                case CANCELLED:
                    throw new SourceException(SourceException.Reason.CANCELLED, description, Optional.of(wanted), null);
                default:
                    throw new SourceException(SourceException.Reason.TIMED_OUT, description, Optional.of(wanted),
                            new IOException("no byte arrived within " + readDeadline));
            }
        }
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            ensureOpen();
            return 0;
        }
        return read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public long skip(long n) throws IOException {
        ensureOpen();
        if (n <= 0) {
            return 0;
        }
        if (!seekable) {
            return super.skip(n); // reads what it skips
        }
        OptionalLong length = source.length();
        long target = length.isPresent() ? Math.min(length.getAsLong(), position + n) : position + n;
        long skipped = Math.max(0, target - position);
        seek(target);
        return skipped;
    }

    /** Returns the cursor. */
    @Override
    public long position() {
        return position;
    }

    /** Moves the cursor; see {@link #seek(long)}. */
    @Override
    public SourceStream position(long newPosition) throws IOException {
        seek(newPosition);
        return this;
    }

    /**
     * Moves the cursor to {@code offset}; past the end is allowed and the next read returns -1.
     *
     * @throws IOException when the offset is negative, or when the stream is read in order and the offset is not
     *                     the cursor
     */
    @Override
    public void seek(long offset) throws IOException {
        ensureOpen();
        if (offset < 0) {
            throw new IOException("negative offset " + offset + " in " + description);
        }
        if (!seekable && offset != position) {
            throw new IOException(description + " is read in order: cannot move from " + position + " to " + offset);
        }
        position = offset;
        source.timeline().publishReadPosition(position);
    }

    /**
     * Moves the cursor relative to {@code origin}.
     *
     * @return the new cursor
     * @throws IOException when the result is negative, or when counting from END of a source of unknown length
     */
    public long seek(long offset, Origin origin) throws IOException {
        long base = switch (origin) {
            case START -> 0;
            case CURRENT -> position;
            case END -> source.length().orElseThrow(
                    () -> new IOException("cannot seek from the end of " + description + ": length unknown"));
        };
        seek(Math.addExact(base, offset));
        return position;
    }

    /**
     * Returns the source's length.
     *
     * @throws IOException when the length is not known yet
     */
    @Override
    public long size() throws IOException {
        ensureOpen();
        return source.length().orElseThrow(() -> new IOException("length of " + description + " not known yet"));
    }

    @Override
    public OptionalLong length() {
        return source.length();
    }

    @Override
    public boolean isSeekable() {
        return seekable;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Returns the bytes present from the cursor on without blocking, capped to {@code Integer.MAX_VALUE}. */
    @Override
    public int available() throws IOException {
        ensureOpen();
        long end = source.timeline().bufferedRanges().stream().filter(r -> r.contains(position))
                .mapToLong(ByteRange::end).findFirst().orElse(position);
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    /** Always throws: the view is read-only. */
    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    /** Always throws: the view is read-only. */
    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /** Closes the source. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            source.close();
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return "SourceStream[" + description + " @" + position + "]";
    }
}
