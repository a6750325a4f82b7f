package kithara.stream.cache;

import java.io.IOException;
import java.util.Optional;

import kithara.stream.storage.StorageResource;

/**
 * A pin on one cached resource: while any lease on an asset is open, the asset is never evicted. All leases
 * on one key in one process share one {@link StorageResource}. Close it when done (idempotent); closing the
 * store releases every lease.
 */
public interface AssetLease extends AutoCloseable {

    /** Returns the key. */
    AssetKey key();

    /**
     * Returns the resource readers read and, for plain resources, downloads write to. Its present ranges
     * survive restarts: they are checkpointed as bytes arrive and on close.
     */
    StorageResource storage();

    /** Returns whether the resource committed: every byte is present and final (served with no network). */
    boolean isCommitted();

    /** Returns the validators stored with the bytes, if any. */
    Optional<Validators> validators();

    /**
     * Checks what the origin says now against what the bytes came from. When they conflict, every stored byte is
     * discarded first, so old and new versions are never mixed.
     *
     * @return whether the stored bytes were discarded
     */
    boolean revalidate(Validators fresh) throws IOException;

    /**
     * Marks the resource complete with {@code length} bytes; readers see it at once. It is made durable (data synced,
     * then the index written) when its last lease closes, or at the next periodic checkpoint while bytes are written,
     * so a commit costs no disk sync on the thread that fetched it.
     */
    void commit(long length) throws IOException;

    /** Releases the pin. */
    @Override
    void close() throws IOException;
}
