package kithara.stream.cache.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import kithara.stream.cache.AssetInfo;

/** Which assets eviction takes: least recently used first, never a pinned one, until the limits hold. */
final class Eviction {

    private Eviction() {
    }

    /**
     * @param leastRecentFirst every asset, least recently used first (read only as far as needed)
     * @param bytes            what they take together
     * @param count            how many they are
     * @return the assets to evict so that at most {@code maxBytes} and {@code maxAssets} remain, or as close to that
     *         as the pinned ones allow
     */
    static List<AssetInfo> victims(Iterator<AssetInfo> leastRecentFirst, long bytes, int count, long maxBytes,
                                   int maxAssets) {
        List<AssetInfo> victims = new ArrayList<>();
        // the limits first: within them, no asset is looked at (each one the iterator gives is summed up on the way)
        while ((bytes > maxBytes || count > maxAssets) && leastRecentFirst.hasNext()) {
            AssetInfo a = leastRecentFirst.next();
            if (!a.pinned()) {
                victims.add(a);
                bytes -= a.bytes();
                count--;
            }
        }
        return victims;
    }
}
