package kithara.stream.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import kithara.stream.cache.AssetInfo;

class MemoryAccountTest {

    private final MemoryAccount account = new MemoryAccount();

    @Test
    void totalsFollowWhatResourcesReport() {
        account.touched("a", "https://cdn.test/a", Instant.ofEpochSecond(1));
        account.resourceChanged("a", "seg1", 500, false);
        account.resourceChanged("a", "seg1", 800, true); // the same resource, now whole
        account.resourceChanged("a", "seg2", 200, true);
        assertEquals(1000, account.totalBytes());
        AssetInfo a = account.infos(id -> false).get(0);
        assertEquals(2, a.resources());
        assertTrue(a.committed());

        account.resourceRemoved("a", "seg2");
        account.resourceChanged("a", "seg3", 100, false);
        assertEquals(900, account.totalBytes());
        assertFalse(account.infos(id -> false).get(0).committed(), "one resource is partial");

        account.removed("a");
        assertEquals(0, account.totalBytes());
        assertEquals(List.of(), account.infos(id -> false));
    }

    @Test
    void theLeastRecentlyUsedUnpinnedAssetsGoFirst() {
        for (String id : List.of("a", "b", "c")) {
            account.touched(id, "https://cdn.test/" + id, Instant.ofEpochSecond(1));
            account.resourceChanged(id, "main", 100, true);
        }
        account.touched("a", "https://cdn.test/a", Instant.ofEpochSecond(2)); // a is the most recent now
        assertEquals(List.of("b", "c", "a"), account.infos(id -> false).stream().map(AssetInfo::assetId).toList());
        assertEquals(List.of("c"), account.overLimits(250, 10, "b"::equals).stream().map(AssetInfo::assetId).toList(),
                "b is pinned");
        assertEquals(List.of(), account.overLimits(300, 3, id -> false), "within the limits");
    }

    @Test
    void aReportForAnAssetAlreadyEvictedIsIgnored() {
        account.resourceChanged("gone", "main", 100, true);
        assertEquals(0, account.totalBytes());
    }
}
