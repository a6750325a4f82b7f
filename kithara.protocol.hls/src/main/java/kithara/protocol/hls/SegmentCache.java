package kithara.protocol.hls;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.stream.cache.AssetLease;
import kithara.stream.cache.AssetStore;

/**
 * The HLS stream's resources in the asset cache, as the origin served them (segments still encrypted): one asset
 * per stream (its first playlist), one resource per segment, init section and playlist (keys never). Segments are
 * written as they arrive ({@link CachingFetch}) and read in place ({@link CachedPart}). Best effort: a cache that
 * fails is logged and bypassed, never an error of the stream.
 */
final class SegmentCache {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentCache.class);
    private static final int MAX_CACHED = 256 << 20;
    /** The resource whose lease pins the asset while the stream plays. */
    private static final String PIN_RESOURCE = "stream";

    private final Optional<AssetStore> store;
    private final URI asset;
    private AssetLease pin;

    SegmentCache(Optional<AssetStore> store, URI asset) {
        this.store = store;
        this.asset = asset;
    }

    /** Whether there is a cache to keep parts in. */
    boolean isPresent() {
        return store.isPresent();
    }

    /**
     * Pins the stream's asset until {@link #unpin}: the cache evicts none of its parts while it plays, even those
     * fetched and not yet read (their leases are closed in between).
     */
    synchronized void pin() {
        if (store.isPresent() && pin == null) {
            try {
                pin = open(PIN_RESOURCE);
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: cannot pin the stream in the cache; its parts may be evicted while it plays", asset, e);
            }
        }
    }

    /** Releases the pin. */
    synchronized void unpin() {
        if (pin != null) {
            close(pin);
            pin = null;
        }
    }

    /**
     * Returns the part when the cache holds all of it, to be read in place later: nothing is read, opened or created
     * now (the downloader's thread asks this for every segment it plans).
     */
    Optional<PartBytes> find(String resource) {
        if (store.isEmpty()) {
            return Optional.empty();
        }
        try {
            OptionalLong length = store.get().completeLength(store.get().key(asset, resource));
            return length.isPresent() ? Optional.of(new CachedPart(this, resource, length.getAsLong())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: looking up {} in the cache failed; fetching it", asset, resource, e);
            return Optional.empty();
        }
    }

    /** Opens the lease of one of the stream's resources, created empty when absent; the caller closes it. */
    AssetLease open(String resource) throws IOException {
        return store.orElseThrow(() -> new IOException("no cache")).open(store.get().key(asset, resource));
    }

    /** Opens the lease of a committed part to read it; fails naming the part when the cache no longer holds it. */
    AssetLease openCommitted(String resource) throws IOException {
        AssetLease lease = open(resource);
        if (!lease.isCommitted()) {
            close(lease);
            throw new IOException(resource + " is no longer in the cache at " + store.get().location());
        }
        return lease;
    }

    /** Closes a lease; a failure is logged, the bytes are in the cache already or were never promised. */
    void close(AssetLease lease) {
        try {
            lease.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: releasing {} failed", asset, lease.key(), e);
        }
    }

    /** Returns the resource's bytes when the cache holds all of them (playlists served offline). */
    Optional<byte[]> get(String resource) {
        return find(resource).flatMap(part -> {
            try {
                return part.length() > MAX_CACHED ? Optional.empty() : Optional.of(readAll(part));
            } catch (IOException e) {
                LOG.warn("{}: reading {} from the cache failed", asset, resource, e);
                return Optional.empty();
            } finally {
                part.release();
            }
        });
    }

    /** Reads a part whole (to decrypt it, or a playlist). */
    static byte[] readAll(PartBytes part) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(part.length()));
        while (out.hasRemaining()) {
            if (part.read(out.position(), out) == 0) {
                throw new IOException(part + " ends at " + out.position());
            }
        }
        return out.array();
    }

    /** Stores a resource's complete bytes (playlists). */
    void put(String resource, byte[] bytes) {
        if (store.isEmpty()) {
            return;
        }
        try (AssetLease lease = open(resource)) {
            if (!lease.isCommitted()) {
                lease.storage().writeAt(0, ByteBuffer.wrap(bytes));
                lease.commit(bytes.length);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: caching {} failed", asset, resource, e);
        }
    }
}
