package kithara.stream.cache.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import kithara.stream.cache.AssetInfo;

/**
 * What the assets of a store in memory hold, as the store reports it: least recently used first, with running totals,
 * so that checking the limits at every open and commit costs O(1) however many resources are resident (an HLS stream
 * of 1-second segments keeps thousands), and choosing what to evict costs the assets it evicts. The in-memory
 * counterpart of {@link DiskAccount}. Not thread-safe: the store's lock guards it.
 */
final class MemoryAccount {

    /** One resource as last reported: its bytes and whether it is committed. */
    private record Resource(long bytes, boolean committed) {
    }

    /** One asset: its URL, last use and resources, with their total bytes. */
    private static final class Asset {
        final String uri;
        Instant lastAccess;
        long bytes;
        final Map<String, Resource> resources = new HashMap<>();

        Asset(String uri, Instant lastAccess) {
            this.uri = uri;
            this.lastAccess = lastAccess;
        }

        AssetInfo info(String assetId, boolean pinned) {
            boolean committed = !resources.isEmpty() && resources.values().stream().allMatch(Resource::committed);
            return new AssetInfo(assetId, uri, bytes, resources.size(), committed, lastAccess, pinned);
        }
    }

    /** Least recently used first. */
    private final LinkedHashMap<String, Asset> assets = new LinkedHashMap<>();
    private long totalBytes;

    /** One of the asset's resources was opened: the asset becomes the most recently used. */
    void touched(String assetId, String uri, Instant at) {
        Asset a = assets.remove(assetId);
        if (a == null) {
            a = new Asset(uri, at);
        }
        a.lastAccess = at;
        assets.put(assetId, a);
    }

    /** A resource now holds {@code bytes} (written so far, or its whole length once committed). */
    void resourceChanged(String assetId, String resourceId, long bytes, boolean committed) {
        Asset a = assets.get(assetId);
        if (a == null) {
            return; // evicted meanwhile
        }
        Resource old = a.resources.put(resourceId, new Resource(bytes, committed));
        long delta = bytes - (old == null ? 0 : old.bytes());
        a.bytes += delta;
        totalBytes += delta;
    }

    /** A resource was dropped; its asset stays (see {@link #removed}). */
    void resourceRemoved(String assetId, String resourceId) {
        Asset a = assets.get(assetId);
        Resource old = a == null ? null : a.resources.remove(resourceId);
        if (old != null) {
            a.bytes -= old.bytes();
            totalBytes -= old.bytes();
        }
    }

    /** The asset and its resources were dropped. */
    void removed(String assetId) {
        Asset a = assets.remove(assetId);
        totalBytes -= a == null ? 0 : a.bytes;
    }

    /** Every asset, least recently used first. */
    List<AssetInfo> infos(Predicate<String> pinned) {
        List<AssetInfo> list = new ArrayList<>();
        assets.forEach((id, a) -> list.add(a.info(id, pinned.test(id))));
        return list;
    }

    long totalBytes() {
        return totalBytes;
    }

    /** The assets to evict so that the limits hold, least recently used first, never a pinned one. Removes nothing. */
    List<AssetInfo> overLimits(long maxBytes, int maxAssets, Predicate<String> pinned) {
        return Eviction.victims(assets.entrySet().stream().map(e -> e.getValue().info(e.getKey(), pinned.test(e.getKey())))
                .iterator(), totalBytes, assets.size(), maxBytes, maxAssets);
    }
}
