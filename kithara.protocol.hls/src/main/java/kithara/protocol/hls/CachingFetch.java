package kithara.protocol.hls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.FetchPriority;
import kithara.api.net.FetchResponse;
import kithara.api.net.FetchSink;
import kithara.api.source.ByteRange;
import kithara.stream.cache.AssetLease;

/**
 * Fetches one part into the asset cache as its body arrives (chunk by chunk from the network threads, never whole in
 * memory), commits it when complete and hands it on as a {@link CachedPart}. When the cache refuses the part, its
 * body is kept in memory instead: the cache is best effort. A retried attempt writes on where the last one stopped.
 */
final class CachingFetch implements FetchSink {

    private static final Logger LOG = LoggerFactory.getLogger(CachingFetch.class);

    private final SegmentCache cache;
    private final String resource;
    private final URI uri;
    /** Where the part starts in the resource at {@link #uri} (a BYTERANGE part starts past 0). */
    private final long origin;
    private final long cap;
    private AssetLease lease;
    /** The body when the cache refused it. */
    private ByteArrayOutputStream memory;
    private boolean alreadyCached;
    private long end;
    final CompletableFuture<PartBytes> done = new CompletableFuture<>();

    CachingFetch(SegmentCache cache, String resource, URI uri, Optional<ByteRange> range, long cap) {
        this.cache = cache;
        this.resource = resource;
        this.uri = uri;
        this.origin = range.map(ByteRange::start).orElse(0L);
        this.cap = cap;
    }

    /** Returns the command that fills this sink. */
    FetchCmd command(Optional<ByteRange> range, FetchPriority priority, Map<String, String> headers) {
        return new FetchCmd(uri, origin, range.map(r -> OptionalLong.of(r.length())).orElse(OptionalLong.empty()),
                priority, headers, this);
    }

    /** Opens the part's lease at the first response, on a network thread (the downloader's thread does no disk I/O). */
    @Override
    public void onResponse(FetchResponse response) {
        if (lease != null || memory != null) {
            return;
        }
        try {
            lease = cache.open(resource);
            alreadyCached = lease.isCommitted(); // another stream of the same media committed it meanwhile
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: the cache cannot take {} ({}); keeping it in memory", uri, resource, e.toString());
            memory = new ByteArrayOutputStream();
        }
    }

    @Override
    public void onData(long offset, ByteBuffer chunk) throws IOException {
        long at = offset - origin;
        if (at + chunk.remaining() > cap) {
            throw new IOException(resource + " is larger than " + cap + " bytes");
        }
        int n = chunk.remaining();
        if (memory != null) {
            byte[] b = new byte[n];
            chunk.get(b);
            memory.write(b);
        } else if (!alreadyCached) {
            lease.storage().writeAt(at, chunk);
        }
        end = Math.max(end, at + n);
    }

    @Override
    public void onComplete(long bytes) {
        if (lease == null) { // the cache refused it, or an empty body came without a response
            done.complete(PartBytes.inMemory(memory == null ? new byte[0] : memory.toByteArray()));
            return;
        }
        try {
            if (!alreadyCached) {
                lease.commit(end);
            }
            done.complete(new CachedPart(cache, resource, alreadyCached ? lease.storage().length().orElse(end) : end));
        } catch (IOException | RuntimeException e) {
            done.completeExceptionally(new IOException(resource + ": cannot commit its " + end + " bytes", e));
        } finally {
            cache.close(lease);
        }
    }

    @Override
    public void onFailure(FetchException failure) {
        if (lease != null) {
            cache.close(lease);
        }
        done.completeExceptionally(failure);
    }
}
