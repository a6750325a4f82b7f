package kithara.api.decode;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * The bytes a {@link Decoder} reads: a cursor over a source, blocking until bytes arrive. Decoders
 * read only through this (never by opening URLs or files themselves). Used by one decoder thread.
 */
public interface DecoderInput extends Closeable {

    /**
     * Reads up to {@code dst.remaining()} bytes at the cursor and advances it. Blocks until at least one
     * byte is available or the end is reached, within the input's read deadline.
     *
     * @return the number of bytes read, {@code > 0}, or -1 at the end
     * @throws IOException when the bytes cannot be had (a {@code SourceException} names range and cause)
     */
    int read(ByteBuffer dst) throws IOException;

    /** Returns the cursor. */
    long position();

    /**
     * Moves the cursor. Moving past the end is allowed; the next read returns -1.
     *
     * @throws IOException when the input is not {@link #isSeekable()} or the offset is negative
     */
    void seek(long offset) throws IOException;

    /** Returns the total length, or empty while unknown. */
    OptionalLong length();

    /** Returns whether {@link #seek} works (false for a live stream without storage). */
    boolean isSeekable();

    /** Returns what the input is, for errors and logs (a URI or a path). */
    String describe();
}
