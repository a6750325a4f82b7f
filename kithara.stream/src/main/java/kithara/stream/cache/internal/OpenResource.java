package kithara.stream.cache.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.source.ByteRange;
import kithara.stream.cache.AssetKey;
import kithara.stream.cache.Validators;
import kithara.stream.storage.RangeSet;
import kithara.stream.storage.SpillingDriver;
import kithara.stream.storage.StorageResource;

/**
 * One resource of the store as held open (on disk) or resident (in memory), shared by its leases, with its
 * checkpoints: what is durably on disk is recorded in its index, at most every quarter second while bytes arrive and
 * when its last lease closes. The store's lock guards {@link #refs}, {@link #committed} and {@link #validators}.
 */
final class OpenResource {

    private static final Logger LOG = LoggerFactory.getLogger(OpenResource.class);
    private static final long CHECKPOINT_INTERVAL_NANOS = 250_000_000L;

    final AssetKey key;
    final StorageResource storage;
    /** The disk driver that may spill to memory; null in memory and for resources stored whole in memory. */
    final SpillingDriver disk;
    final Path folder;
    /** Served whole and read-only from a shared folder: never written, checkpointed or evicted by this store. */
    final boolean borrowed;
    private final DiskAccount account;
    Validators validators;
    boolean committed;
    int refs;
    private long lastCheckpoint = System.nanoTime();

    private boolean checkpointFailed;
    /** Whether bytes arrived since the last checkpoint (set on the writer thread). */
    private volatile boolean written;

    OpenResource(AssetKey key, StorageResource storage, SpillingDriver disk, Path folder, ResourceIndex index,
                 boolean borrowed, DiskAccount account) {
        this.account = account;
        this.key = key;
        this.storage = storage;
        this.disk = disk;
        this.folder = folder;
        this.borrowed = borrowed;
        this.validators = index.validators();
        this.committed = borrowed || index.committed();
        if (folder != null) {
            storage.onWritten(this::checkpointNowAndThen);
        }
    }

    /** Notes a change (a commit) for the next checkpoint to persist. */
    void markChanged() {
        written = true;
    }

    /** Whether something changed since the last checkpoint; a resource only read needs none. */
    boolean changedSinceCheckpoint() {
        return written;
    }

    /** Writer thread: checkpoints at most every 250 ms so that a crash loses little. */
    private void checkpointNowAndThen() {
        written = true;
        if (System.nanoTime() - lastCheckpoint >= CHECKPOINT_INTERVAL_NANOS) {
            checkpointOrWarn();
        }
    }

    /**
     * Checkpoints; a disk that refuses the index costs the cache, never the playback: the old index stays (it
     * promises only bytes that are on disk) and the failure is logged once.
     */
    synchronized void checkpointOrWarn() {
        try {
            checkpoint();
        } catch (IOException e) {
            if (!checkpointFailed) {
                checkpointFailed = true;
                LOG.warn("cannot checkpoint {} in {} ({}); playback goes on, the cache keeps its last index", key,
                        folder, e.toString());
            }
        }
    }

    /**
     * Persists what is durably present: snapshot the ranges, fsync the data, then write the index. Ranges the disk
     * refused (kept in memory) are left out, and such a resource is never recorded as complete.
     */
    synchronized void checkpoint() throws IOException {
        lastCheckpoint = System.nanoTime();
        written = false;
        if (folder == null) {
            return;
        }
        RangeSet durable = new RangeSet();
        storage.presentRanges().forEach(durable::add);
        List<ByteRange> spilled = disk == null ? List.of() : disk.memoryRanges();
        List<ByteRange> ranges = spilled.isEmpty() ? durable.ranges() : minus(durable.ranges(), spilled);
        boolean complete = committed && spilled.isEmpty();
        storage.flush();
        ResourceIndex.write(SharedFolders.indexFile(folder, key),
                new ResourceIndex(ranges, complete ? storage.length() : OptionalLong.empty(), complete, validators));
        account.resourceChanged(key.assetId(), key.resourceId(), complete);
    }

    /** {@code ranges} without the parts in {@code holes}. */
    private static List<ByteRange> minus(List<ByteRange> ranges, List<ByteRange> holes) {
        RangeSet hole = new RangeSet();
        holes.forEach(hole::add);
        List<ByteRange> out = new ArrayList<>();
        for (ByteRange r : ranges) {
            out.addAll(hole.gaps(r));
        }
        return out;
    }
}
