package kithara.stream.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import kithara.stream.cache.AssetInfo;

class EvictionTest {

    private static AssetInfo asset(String id, long bytes, boolean pinned) {
        return new AssetInfo(id, "https://cdn.test/" + id, bytes, 1, true, Instant.EPOCH, pinned);
    }

    /** Every open and commit asks; describing an asset of a stream of thousands of segments is not free. */
    @Test
    void withinTheLimitsNoAssetIsLookedAt() {
        Iterator<AssetInfo> untouchable = new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw new AssertionError("an asset was looked at");
            }

            @Override
            public AssetInfo next() {
                throw new AssertionError("an asset was looked at");
            }
        };
        assertEquals(List.of(), Eviction.victims(untouchable, 1000, 3, 1000, 3));
    }

    @Test
    void theLeastRecentlyUsedUnpinnedGoUntilTheLimitsHold() {
        List<AssetInfo> lru = List.of(asset("a", 400, false), asset("b", 400, true), asset("c", 400, false),
                asset("d", 400, false));
        assertEquals(List.of(lru.get(0), lru.get(2)), Eviction.victims(lru.iterator(), 1600, 4, 800, 10),
                "the pinned one stays; two go to be within 800 bytes");
        assertEquals(List.of(lru.get(0)), Eviction.victims(lru.iterator(), 1600, 4, 10_000, 3), "one too many assets");
    }
}
