package kithara.stream.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Stores bytes in a file with positional {@link FileChannel} I/O, which is safe for one writer and
 * concurrent readers. The file is created sparse: unwritten holes take no disk space on file systems that
 * support it, and offsets past 2 GiB work like any other.
 */
public final class FileDriver implements StorageDriver {

    private final Path path;
    private final FileChannel channel;

    /** Opens (creating if needed) {@code path} for reading and writing; existing bytes are kept. */
    public FileDriver(Path path) throws IOException {
        this(path, FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE));
    }

    private FileDriver(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens an existing file for reading only (a local file read in place); writes throw. */
    public static FileDriver readOnly(Path path) throws IOException {
        return new FileDriver(path, FileChannel.open(path, StandardOpenOption.READ));
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        long position = offset;
        while (src.hasRemaining()) {
            position += channel.write(src, position);
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        long position = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position);
            if (n < 0) {
                throw new IOException(path + " ends at " + channel.size() + ", before offset " + position);
            }
            position += n;
        }
    }

    @Override
    public void flush() throws IOException {
        channel.force(false);
    }

    @Override
    public void truncate() throws IOException {
        channel.truncate(0);
    }

    @Override
    public String describe() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
