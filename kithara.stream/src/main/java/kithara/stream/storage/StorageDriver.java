package kithara.stream.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Where a {@link StorageResource} keeps its bytes: positional reads and writes at 64-bit offsets. The
 * resource calls {@link #write} from its one writer and {@link #read} from any number of readers, only for
 * ranges it knows to be written; drivers need no locking of their own beyond that.
 */
public interface StorageDriver extends Closeable {

    /** Writes all of {@code src} at {@code offset}. */
    void write(long offset, ByteBuffer src) throws IOException;

    /** Reads {@code dst.remaining()} bytes at {@code offset}, all of which were written before. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** Makes the written bytes durable (fsync for files); a no-op in memory. */
    void flush() throws IOException;

    /** Drops every byte. */
    void truncate() throws IOException;

    /** Returns what the driver stores to, for messages. */
    String describe();

    /**
     * Tells {@code listener}, once, when the driver stops storing durably (a disk that refused a write) and keeps later
     * bytes in memory; at once when that happened already. Drivers that never degrade ignore it.
     */
    default void onDegraded(Consumer<IOException> listener) {
    }
}
