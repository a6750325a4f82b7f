package kithara.stream.cache;

import java.time.Instant;

/**
 * One asset as listed by {@link AssetStore#assets()}.
 *
 * @param assetId    the asset's id
 * @param uri        its canonical URL
 * @param bytes      bytes it takes in the store (files on disk, data and indexes)
 * @param resources  number of resources
 * @param committed  whether every resource is committed
 * @param lastAccess when it was last opened
 * @param pinned     whether a lease holds it now
 */
public record AssetInfo(String assetId, String uri, long bytes, int resources, boolean committed, Instant lastAccess,
                        boolean pinned) {
}
