package kithara.stream.cache.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import kithara.stream.cache.CacheException;

/**
 * The lock that gives one store a cache folder for its life: a {@code .lock} file locked by the operating system, so
 * another process, or another store in this one, is refused instead of writing the same files.
 */
final class FolderLock implements Closeable {

    private static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code root} if needed and locks it.
     *
     * @throws CacheException LOCKED when another process or store holds the folder, UNUSABLE when it cannot be made
     */
    static FolderLock acquire(Path root) throws CacheException {
        FileChannel channel = null;
        try {
            Files.createDirectories(root);
            channel = FileChannel.open(root.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new CacheException(CacheException.Reason.LOCKED, "the cache folder " + root
                        + " is used by another process; give this one another folder (configuration kithara.stream.cache,"
                        + " root; on the command line: kithara --set kithara.stream.cache.root=DIR ...)", null);
            }
            return new FolderLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new CacheException(CacheException.Reason.LOCKED, "the cache folder " + root
                    + " is used by another store in this process", e);
        } catch (CacheException e) {
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CacheException(CacheException.Reason.UNUSABLE, "the cache folder " + root + " cannot be used", e);
        }
    }

    private static void closeQuietly(FileChannel c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // already failing; the first error is the one reported
        }
    }

    /** Releases the folder. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
