package kithara.stream.cache;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The asset cache, registered as an OSGi service (configuration PID {@code kithara.stream.cache}): keys,
 * leases on cached resources, listing, LRU eviction by total bytes and asset count (on open and on commit,
 * never touching pinned assets). One store owns its folder: a second process gets {@link CacheException}, and the
 * service of that process caches in memory instead, saying so in {@link #degraded()}.
 */
public interface AssetStore {

    /**
     * Returns the key of {@code resource} of the asset at {@code uri}. The URL is canonicalized first: scheme and
     * host lower-cased, default port and fragment dropped, the query kept unless configured otherwise.
     *
     * @param resource the resource's name within the asset (e.g. a segment URI); empty for the main resource
     */
    AssetKey key(URI uri, String resource);

    /** Leases the resource, creating it empty when absent; pins the asset until the lease closes. */
    AssetLease open(AssetKey key) throws IOException;

    /**
     * Returns the length of the resource of {@code key} when the store holds all of it, empty otherwise. Answered from
     * what the store keeps in memory and the resource's index, without creating, opening or deleting any file, so a
     * scheduler may ask it for every segment it plans; the bytes are read through {@link #open} later.
     */
    OptionalLong completeLength(AssetKey key) throws IOException;

    /** Lists the assets, least recently used first. */
    List<AssetInfo> assets() throws IOException;

    /** Returns the bytes the store takes (on disk: the size of every file in it). */
    long totalBytes() throws IOException;

    /**
     * Evicts least-recently-used unpinned assets until at most {@code maxBytes} and {@code maxAssets} remain
     * (pinned assets are kept even if that leaves the store over the limits).
     *
     * @return the assets evicted
     */
    List<AssetInfo> evict(long maxBytes, int maxAssets) throws IOException;

    /** Returns where the store keeps assets, for people: its folder, or {@code memory}. */
    String location();

    /**
     * Returns why the store is not what it was configured to be, if it is not: e.g. its folder is used by another
     * process, so this one caches in memory.
     */
    default Optional<String> degraded() {
        return Optional.empty();
    }

    /** Evicts every unpinned asset. */
    default List<AssetInfo> clear() throws IOException {
        return evict(0, 0);
    }
}
