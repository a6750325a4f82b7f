package kithara.stream.cache.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.source.ByteRange;
import kithara.stream.cache.AssetInfo;
import kithara.stream.cache.AssetKey;
import kithara.stream.cache.AssetLease;
import kithara.stream.cache.AssetStore;
import kithara.stream.cache.CacheException;
import kithara.stream.cache.Validators;
import kithara.stream.storage.FileDriver;
import kithara.stream.storage.MemoryDriver;
import kithara.stream.storage.SpillingDriver;
import kithara.stream.storage.StorageResource;

/**
 * The {@link AssetStore} on disk or in memory. On disk, an asset is the folder {@code root/ab/<asset id>} with
 * {@code asset.meta} (URL, last access) and per resource {@code <id>.data} (sparse, written in place) and
 * {@code <id>.idx} (a {@link ResourceIndex} checkpointed as bytes arrive, at commit and at close). The folder is
 * locked for the store's life ({@link FolderLock}); last accesses go to {@code asset.meta} through the {@link AccessLog}. In memory, resources stay resident until evicted.
 * Open resources are shared: all leases on one key hold one {@link StorageResource}.
 */
public final class AssetCache implements AssetStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AssetCache.class);

    private final Path root;
    /** What the folder's assets hold, kept up to date as this store writes; null in memory. */
    private final DiskAccount account;
    /** What the resident assets hold, as reported at commits and closes; null on disk. */
    private final MemoryAccount memory;
    private final long maxBytes;
    private final int maxAssets;
    private final boolean keepQuery;
    private final SharedFolders sharedFolders;
    /** The folder's lock; null in memory. */
    private final FolderLock lock;
    /** The assets' last accesses on disk; null in memory. */
    private final AccessLog accessLog;

    // Guarded by this.
    private final Map<AssetKey, OpenResource> resident = new HashMap<>();
    private final Map<String, Integer> pins = new HashMap<>();
    private boolean closed;

    private AssetCache(Path root, long maxBytes, int maxAssets, boolean keepQuery, SharedFolders shared, FolderLock lock) {
        this.root = root;
        this.sharedFolders = shared;
        this.account = root == null ? null : new DiskAccount(root, this::folder, AccessLog.FILE);
        this.accessLog = root == null ? null : new AccessLog(this::folder, account);
        this.memory = root == null ? new MemoryAccount() : null;
        this.maxBytes = maxBytes;
        this.maxAssets = maxAssets;
        this.keepQuery = keepQuery;
        this.lock = lock;
    }

    /**
     * Opens the store in {@code root}, creating it, and locks it for this store's life.
     *
     * @throws CacheException LOCKED when another process or store holds the folder, UNUSABLE when it cannot be made
     */
    public static AssetCache onDisk(Path root, long maxBytes, int maxAssets, boolean keepQuery) throws CacheException {
        return onDisk(root, maxBytes, maxAssets, keepQuery, SharedFolders.NONE);
    }

    /**
     * Opens the store in {@code root} as {@link #onDisk(Path, long, int, boolean)} does; resources it does not hold whole
     * are first looked for in the {@code shared} folders, read-only.
     */
    static AssetCache onDisk(Path root, long maxBytes, int maxAssets, boolean keepQuery, SharedFolders shared)
            throws CacheException {
        return new AssetCache(root, maxBytes, maxAssets, keepQuery, shared, FolderLock.acquire(root));
    }

    /** Returns a store that keeps everything in memory until evicted. */
    public static AssetCache inMemory(long maxBytes, int maxAssets, boolean keepQuery) {
        return inMemory(maxBytes, maxAssets, keepQuery, SharedFolders.NONE);
    }

    /** Returns a store in memory that first looks for resources in the {@code shared} folders, read-only. */
    static AssetCache inMemory(long maxBytes, int maxAssets, boolean keepQuery, SharedFolders shared) {
        return new AssetCache(null, maxBytes, maxAssets, keepQuery, shared, null);
    }

    @Override
    public AssetKey key(URI uri, String resource) {
        String canonical = CanonicalUrl.of(uri, keepQuery);
        String resourceId = resource.isEmpty() ? "main" : "r" + CanonicalUrl.sha256(resource).substring(0, 40);
        return new AssetKey(CanonicalUrl.sha256(canonical), resourceId, canonical, resource);
    }

    /** Returns the folder of an asset (disk only). */
    private Path folder(String assetId) {
        return SharedFolders.assetFolder(root, assetId);
    }

    @Override
    public synchronized AssetLease open(AssetKey key) throws IOException {
        ensureOpen();
        OpenResource shared = resident.get(key);
        if (shared == null) {
            ResourceIndex own = root == null ? ResourceIndex.EMPTY
                    : ResourceIndex.read(SharedFolders.indexFile(folder(key.assetId()), key));
            shared = own.committed() ? null : borrow(key).orElse(null);
            if (shared == null) {
                touch(key);
                shared = load(key, own);
            }
            resident.put(key, shared);
        } else if (!shared.borrowed) {
            touch(key);
        }
        shared.refs++;
        pins.merge(key.assetId(), 1, Integer::sum);
        enforceLimits();
        return new Lease(shared);
    }

    @Override
    public synchronized OptionalLong completeLength(AssetKey key) throws IOException {
        ensureOpen();
        OpenResource open = resident.get(key);
        if (open != null) {
            return open.committed ? open.storage.length() : OptionalLong.empty();
        }
        if (root == null) {
            return OptionalLong.empty();
        }
        Path folder = folder(key.assetId());
        OptionalLong own = SharedFolders.completeLength(SharedFolders.indexFile(folder, key), SharedFolders.dataFile(folder, key));
        return own.isPresent() ? own : sharedFolders.completeLength(key);
    }

    private void touch(AssetKey key) throws IOException {
        if (root == null) {
            memory.touched(key.assetId(), key.canonicalUri(), Instant.now());
            return;
        }
        accessLog.touch(key.assetId(), key.canonicalUri());
    }

    /** The resource of {@code key} from a shared folder that holds it whole, if one does. */
    private Optional<OpenResource> borrow(AssetKey key) throws IOException {
        return sharedFolders.open(key).map(storage -> new OpenResource(key, storage, null, null, ResourceIndex.EMPTY, true, account));
    }

    /** This store's own resource of {@code key}, on disk with the ranges its {@code index} promises, or in memory. */
    private OpenResource load(AssetKey key, ResourceIndex stored) throws IOException {
        if (root == null) {
            return new OpenResource(key, new StorageResource(key.toString(), new MemoryDriver(key.toString())), null, null,
                    ResourceIndex.EMPTY, false, account);
        }
        Path folder = folder(key.assetId());
        Path data = SharedFolders.dataFile(folder, key);
        ResourceIndex index = stored;
        long size = Files.exists(data) ? Files.size(data) : 0;
        long needed = index.ranges().isEmpty() ? 0 : index.ranges().get(index.ranges().size() - 1).end();
        SpillingDriver driver = new SpillingDriver(new FileDriver(data), key.toString());
        driver.onDegraded(e -> LOG.warn("the disk refused bytes of {} ({}); they are kept in memory for this session, playback"
                + " goes on", key, e.toString()));
        if (needed > size || (index.committed() && index.length().isEmpty())) {
            driver.truncate(); // the index promises bytes the file lacks: trust nothing
            index = ResourceIndex.EMPTY;
        }
        StorageResource storage = StorageResource.restore(key.toString(), driver, index.ranges(),
                index.committed() ? index.length() : OptionalLong.empty());
        return new OpenResource(key, storage, driver, folder, index, false, account);
    }

    @Override
    public synchronized List<AssetInfo> assets() throws IOException {
        List<AssetInfo> list = new ArrayList<>();
        list.addAll(root == null ? memory.infos(this::isPinned) : account.infos(this::isPinned));
        list.sort(Comparator.comparing(AssetInfo::lastAccess).thenComparing(AssetInfo::assetId));
        return list;
    }

    @Override
    public synchronized long totalBytes() throws IOException {
        return root == null ? memory.totalBytes() : account.totalBytes();
    }

    @Override
    public synchronized List<AssetInfo> evict(long bytesLimit, int assetsLimit) throws IOException {
        ensureOpen();
        List<AssetInfo> victims = root == null ? memory.overLimits(bytesLimit, assetsLimit, this::isPinned)
                : account.overLimits(bytesLimit, assetsLimit, this::isPinned);
        for (AssetInfo a : victims) {
            remove(a.assetId());
        }
        return victims;
    }

    private boolean isPinned(String assetId) {
        return pins.getOrDefault(assetId, 0) > 0;
    }

    /** Evicts down to the limits; a failure is logged, never the failure of the open or commit that asked. */
    private void enforceLimits() {
        try {
            evict(maxBytes, maxAssets);
        } catch (IOException e) {
            LOG.warn("evicting from {} failed ({}); the cache may exceed its limits until the next eviction", describe(),
                    e.toString());
        }
    }

    private void remove(String assetId) throws IOException {
        List<AssetKey> keys = resident.keySet().stream().filter(k -> k.assetId().equals(assetId)).toList();
        for (AssetKey k : keys) {
            resident.remove(k).storage.close();
        }
        if (root == null) {
            memory.removed(assetId);
            return;
        }
        Path folder = folder(assetId);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f); // a file renamed over meanwhile is gone already
            }
        }
        Files.delete(folder);
        accessLog.forget(assetId);
        account.removed(assetId);
    }

    /** The bytes a resource holds now. */
    private static long presentBytes(OpenResource shared) {
        return shared.storage.presentRanges().stream().mapToLong(ByteRange::length).sum();
    }

    /** Whether a resource never received a byte (a fetch that failed before any media byte, say). */
    private static boolean holdsNothing(OpenResource shared) {
        return !shared.committed && shared.storage.presentRanges().isEmpty();
    }

    /**
     * Removes a resource that holds nothing, and its asset when no other resource of it is left, so that a failed
     * fetch leaves no trace in the cache.
     */
    private void forget(OpenResource shared) throws IOException {
        resident.remove(shared.key);
        shared.storage.close();
        String assetId = shared.key.assetId();
        boolean othersResident = resident.keySet().stream().anyMatch(k -> k.assetId().equals(assetId));
        if (root == null) {
            memory.resourceRemoved(assetId, shared.key.resourceId());
            if (!othersResident) {
                memory.removed(assetId);
            }
            return;
        }
        Path folder = folder(assetId);
        Files.deleteIfExists(SharedFolders.dataFile(folder, shared.key));
        Files.deleteIfExists(SharedFolders.indexFile(folder, shared.key));
        account.resourceChanged(assetId, shared.key.resourceId(), false);
        if (othersResident) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            if (files.allMatch(f -> f.getFileName().toString().startsWith(AccessLog.FILE))) {
                remove(assetId);
            }
        }
    }

    @Override
    public String location() {
        return describe();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new CacheException(CacheException.Reason.UNUSABLE, "the asset store " + describe() + " is closed", null);
        }
    }

    private String describe() {
        return root == null ? "memory" : root.toString();
    }

    /** Checkpoints and closes every open resource, releases every pin and the folder's lock. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException first = null;
        for (OpenResource s : resident.values()) {
            try {
                s.checkpoint();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
            s.storage.close();
        }
        resident.clear();
        pins.clear();
        if (accessLog != null) {
            try {
                accessLog.writeAll();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
            lock.close();
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "AssetCache[" + describe() + "]";
    }

    /** One pin on a shared resource. */
    private final class Lease implements AssetLease {
        private final OpenResource shared;
        private boolean released;

        Lease(OpenResource shared) {
            this.shared = shared;
        }

        @Override
        public AssetKey key() {
            return shared.key;
        }

        @Override
        public StorageResource storage() {
            return shared.storage;
        }

        @Override
        public boolean isCommitted() {
            synchronized (shared) {
                return shared.committed;
            }
        }

        @Override
        public Optional<Validators> validators() {
            synchronized (shared) {
                return shared.validators.equals(Validators.NONE) ? Optional.empty() : Optional.of(shared.validators);
            }
        }

        @Override
        public boolean revalidate(Validators fresh) throws IOException {
            requireOwn("revalidate");
            synchronized (shared) {
                boolean conflict = shared.validators.conflictsWith(fresh);
                if (conflict) {
                    shared.storage.discard();
                    shared.committed = false;
                }
                shared.validators = fresh;
                shared.checkpoint();
                return conflict;
            }
        }

        @Override
        public void commit(long length) throws IOException {
            requireOwn("commit");
            synchronized (shared) {
                shared.storage.commit(length);
                if (!shared.storage.isComplete()) {
                    throw new IOException("cannot commit " + shared.key + ": bytes missing " + shared.storage.gaps(
                            new ByteRange(0, length)));
                }
                shared.committed = true;
                shared.markChanged(); // made durable when the last lease closes: no disk sync on the fetching thread
                if (shared.folder != null) {
                    account.resourceChanged(shared.key.assetId(), shared.key.resourceId(), true); // its size counts now
                }
            }
            synchronized (AssetCache.this) {
                if (memory != null && !shared.borrowed) {
                    memory.resourceChanged(shared.key.assetId(), shared.key.resourceId(), length, true);
                }
                enforceLimits();
            }
        }

        @Override
        public void close() throws IOException {
            boolean persist;
            synchronized (AssetCache.this) {
                if (released || closed) {
                    released = true;
                    return;
                }
                released = true;
                shared.refs--;
                if (shared.refs == 0 && holdsNothing(shared)) {
                    unpin();
                    forget(shared);
                    return;
                }
                if (shared.refs == 0 && root == null && !shared.borrowed) {
                    memory.resourceChanged(shared.key.assetId(), shared.key.resourceId(), presentBytes(shared),
                            shared.committed); // resident until evicted: it counts with what it holds
                }
                if (shared.refs > 0 || (root == null && !shared.borrowed)) {
                    unpin();
                    return;
                }
                persist = shared.changedSinceCheckpoint(); // a resource only read (a segment played again) is left as it is
            }
            IOException failed = null;
            if (persist) {
                try {
                    shared.checkpoint(); // outside the store's lock: one resource's disk sync holds up no other open
                } catch (IOException e) {
                    failed = e;
                }
            }
            synchronized (AssetCache.this) {
                unpin(); // only now: its asset is not evicted while its files are written
                boolean stillOurs = !closed && resident.get(shared.key) == shared; // not closed meanwhile
                if (stillOurs && shared.refs == 0) { // else it was opened again while it was synced: it stays
                    resident.remove(shared.key);
                    shared.storage.close();
                }
                if (failed != null && stillOurs) {
                    throw failed;
                }
            }
        }

        /** Drops this lease's pin on its asset; under the store's lock. */
        private void unpin() {
            pins.computeIfPresent(shared.key.assetId(), (k, n) -> n > 1 ? n - 1 : null);
        }

        /** A resource served from a shared folder is complete and final: nothing may change it. */
        private void requireOwn(String what) throws CacheException {
            if (shared.borrowed) {
                throw new CacheException(CacheException.Reason.UNUSABLE, "cannot " + what + " " + shared.key
                        + ": it is served read-only from a shared cache folder " + sharedFolders, null);
            }
        }

        @Override
        public String toString() {
            return "AssetLease[" + shared.key + "]";
        }
    }
}
