package kithara.protocol.hls;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.source.ReadOutcome;
import kithara.stream.cache.AssetLease;
import kithara.stream.cache.AssetStore;
import kithara.stream.storage.StorageResource;

/**
 * The HLS stream's resources in the asset cache, as the origin served them (segments still encrypted): one asset
 * per stream (its first playlist), one resource per segment, init section, key and playlist. Best effort: a cache
 * that fails is logged and bypassed, never an error of the stream.
 */
final class SegmentCache {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentCache.class);
    private static final int MAX_CACHED = 256 << 20;

    private final Optional<AssetStore> store;
    private final URI asset;

    SegmentCache(Optional<AssetStore> store, URI asset) {
        this.store = store;
        this.asset = asset;
    }

    /** Returns the resource's bytes when the cache holds all of them. */
    Optional<byte[]> get(String resource) {
        if (store.isEmpty()) {
            return Optional.empty();
        }
        try (AssetLease lease = store.get().open(store.get().key(asset, resource))) {
            if (!lease.isCommitted()) {
                return Optional.empty();
            }
            StorageResource storage = lease.storage();
            long length = storage.length().orElse(0);
            if (length > MAX_CACHED) {
                return Optional.empty();
            }
            ByteBuffer out = ByteBuffer.allocate((int) length);
            while (out.hasRemaining()) {
                if (!(storage.readAt(out.position(), out) instanceof ReadOutcome.Bytes)) {
                    return Optional.empty();
                }
            }
            return Optional.of(out.array());
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: reading {} from the cache failed; fetching it", asset, resource, e);
            return Optional.empty();
        }
    }

    /** Stores the resource's complete bytes. */
    void put(String resource, byte[] bytes) {
        if (store.isEmpty()) {
            return;
        }
        try (AssetLease lease = store.get().open(store.get().key(asset, resource))) {
            if (!lease.isCommitted()) {
                lease.storage().writeAt(0, ByteBuffer.wrap(bytes));
                lease.commit(bytes.length);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: caching {} failed", asset, resource, e);
        }
    }
}
