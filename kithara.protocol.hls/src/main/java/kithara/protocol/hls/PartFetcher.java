package kithara.protocol.hls;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import kithara.api.net.Downloader;
import kithara.api.net.FetchCmd;
import kithara.api.net.FetchPriority;
import kithara.api.source.SourceException;

/**
 * Turns playlist parts into their plain bytes: from the cache when it holds them (read there in place), else through
 * a fetch command for the stream's peer to hand to the downloader (so DEMAND and PREFETCH apply), streamed into the
 * cache as they arrive. An encrypted part is decrypted with its AES-128 key into memory: keys are fetched once per URI
 * for the stream and kept in memory, never in the cache, so neither they nor plain bytes of such a part touch the disk.
 */
final class PartFetcher {

    private static final long SEGMENT_CAP = 64L << 20;
    private static final long KEY_CAP = 1024;
    private static final int MAX_KEYS = 64;

    private final Downloader downloader;
    private final PlaylistTrust trust;
    private final SegmentCache cache;
    /** The keys of the stream, the most recently used kept (a live stream may rotate keys every segment). */
    private final Map<URI, CompletableFuture<byte[]>> keys = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<URI, CompletableFuture<byte[]>> eldest) {
            return size() > MAX_KEYS;
        }
    }; // guarded by itself

    PartFetcher(Downloader downloader, PlaylistTrust trust, SegmentCache cache) {
        this.downloader = downloader;
        this.trust = trust;
        this.cache = cache;
    }

    /**
     * Returns the part's plain bytes to come. When the network is needed, the command that fetches them is added to
     * {@code commands}; the future then completes once it ran. Failures name the part's URI.
     */
    CompletableFuture<PartBytes> fetch(Playlist.Part part, FetchPriority priority, List<FetchCmd> commands) {
        String name = resourceName(part);
        CompletableFuture<PartBytes> raw = cache.find(name).map(CompletableFuture::completedFuture).orElseGet(() -> {
            Map<String, String> headers = trust.headersFor(part.uri());
            if (cache.isPresent()) {
                CachingFetch sink = new CachingFetch(cache, name, part.uri(), part.range(), SEGMENT_CAP);
                commands.add(sink.command(part.range(), priority, headers));
                return sink.done;
            }
            SmallFetch sink = new SmallFetch(part.uri(), SEGMENT_CAP);
            commands.add(sink.command(part.range(), priority, headers));
            return sink.done.thenApply(fetched -> PartBytes.inMemory(fetched.body()));
        });
        if (part.key().isEmpty()) {
            return raw;
        }
        Playlist.Key key = part.key().get();
        return raw.thenCombine(key(key.uri()), (bytes, secret) -> {
            try {
                byte[] encrypted = SegmentCache.readAll(bytes);
                return PartBytes.inMemory(Aes128.decrypt(encrypted, secret,
                        key.iv().orElseGet(() -> Aes128.sequenceIv(part.sequence())), name));
            } catch (IOException e) {
                throw new CompletionException(new SourceException(SourceException.Reason.FAILED, name,
                        Optional.empty(), e));
            } finally {
                bytes.release();
            }
        });
    }

    /** Pins the stream's parts in the cache while it plays (see {@link SegmentCache#pin}). */
    void pin() {
        cache.pin();
    }

    /** Ends the pin: the stream closed. */
    void unpin() {
        cache.unpin();
    }

    /**
     * The key at {@code uri}, fetched once for this stream and kept in memory only: a key never touches the disk, so
     * the encrypted segments in the cache are of no use to whoever copies the cache folder (an encrypted stream
     * replays offline only while its key server answers).
     */
    private CompletableFuture<byte[]> key(URI uri) {
        synchronized (keys) {
            return keys.computeIfAbsent(uri, u -> SmallFetch.start(downloader, u, trust.headersFor(u), KEY_CAP)
                    .thenApply(SmallFetch.Fetched::body));
        }
    }

    /** Names a part for errors and the cache: its URI, with the byte range when it is one. */
    static String resourceName(Playlist.Part part) {
        return part.uri() + part.range().map(r -> "#bytes=" + r.start() + "-" + (r.end() - 1)).orElse("");
    }
}
