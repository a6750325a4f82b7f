package kithara.protocol.hls;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kithara.api.event.KitharaEvent;
import kithara.api.media.MediaInfo;
import kithara.api.net.Downloader;
import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.FetchPriority;
import kithara.api.net.Peer;
import kithara.api.net.PeerHandle;
import kithara.api.source.Source;
import kithara.stream.storage.Listeners;
import kithara.stream.storage.MemoryDriver;
import kithara.stream.storage.StorageResource;
import kithara.stream.storage.StorageSource;

/**
 * One HLS variant played as one byte stream: its parts ({@code [init][segment 0][segment 1]...}, a new init
 * wherever EXT-X-MAP changes) are fetched in order, decrypted when a key applies, and appended to a stitched
 * storage that the decoder reads as one fragmented MP4 (or MPEG-TS) file. The fetch stays at most the
 * look-ahead ahead of the reader; the length becomes known when the last part is appended.
 */
final class HlsDownload implements Peer {

    private static final long SEGMENT_CAP = 64L << 20;

    private final URI playlist;
    private final Map<String, String> headers;
    private final List<Playlist.Part> parts;
    private final Map<URI, byte[]> keys;
    private final long lookAhead;
    private final StorageResource storage;
    private final Listeners listeners = new Listeners();
    private PeerHandle handle;

    // Guarded by this.
    private int next;
    private long appended;
    private boolean fetching;
    private StorageSource source;

    HlsDownload(URI playlist, Map<String, String> headers, Playlist.Media media, Map<URI, byte[]> keys, long lookAhead) {
        this.playlist = playlist;
        this.headers = headers;
        this.parts = partsOf(media);
        this.keys = keys;
        this.lookAhead = lookAhead;
        this.storage = new StorageResource(playlist.toString(), new MemoryDriver(playlist.toString()));
    }

    /** Returns the parts to stitch: each init section where it first applies or changes, then its segments. */
    static List<Playlist.Part> partsOf(Playlist.Media media) {
        List<Playlist.Part> out = new ArrayList<>();
        Optional<Playlist.Part> lastInit = Optional.empty();
        for (Playlist.Segment s : media.segments()) {
            if (s.init().isPresent() && !s.init().equals(lastInit)) {
                out.add(s.init().get());
                lastInit = s.init();
            }
            out.add(s.part());
        }
        return List.copyOf(out);
    }

    /** Publishes, as a lasting state for every listener, which variant of the master playlist is played. */
    void announceVariant(int index, long bandwidth, String reason) {
        long sequence = parts.isEmpty() ? 0 : parts.get(0).sequence();
        listeners.publishState(new KitharaEvent.VariantSwitched(index, index, bandwidth, sequence, reason));
    }

    /** Registers with the downloader and returns the reader's source. */
    synchronized Source start(Downloader downloader, MediaInfo info) {
        source = new StorageSource(storage, info, r -> wake(), this::wake, listeners, this::close);
        if (parts.isEmpty()) {
            storage.commit(0);
        } else {
            handle = downloader.register(this);
        }
        return source;
    }

    private void wake() {
        PeerHandle h = handle;
        if (h != null) {
            h.wake();
        }
    }

    private void close() throws IOException {
        if (handle != null) {
            handle.close();
        }
        storage.close();
    }

    @Override
    public synchronized List<FetchCmd> poll(int max) {
        if (fetching || next >= parts.size() || max <= 0) {
            return List.of();
        }
        long reader = source.timeline().readPosition();
        if (appended - reader > lookAhead) {
            return List.of();
        }
        Playlist.Part part = parts.get(next);
        fetching = true;
        SmallFetch sink = new SmallFetch(part.uri(), SEGMENT_CAP);
        sink.done.whenComplete((bytes, failure) -> partDone(part, bytes, failure));
        FetchPriority priority = appended - reader <= 0 ? FetchPriority.DEMAND : FetchPriority.PREFETCH;
        return List.of(sink.command(part.range(), priority, headers));
    }

    private void partDone(Playlist.Part part, byte[] bytes, Throwable failure) {
        if (failure != null) {
            IOException cause = failure instanceof IOException io ? io : new IOException(failure);
            if (!(failure instanceof FetchException f && f.reason() == FetchException.Reason.CANCELLED)) {
                listeners.publish(new KitharaEvent.DownloadError(part.uri(), failure instanceof FetchException f
                        ? f.reason().name() : "IO", String.valueOf(failure.getMessage()), false));
            }
            storage.fail(cause);
            return;
        }
        try {
            byte[] plain = bytes;
            if (part.key().isPresent()) {
                Playlist.Key key = part.key().get();
                plain = Aes128.decrypt(bytes, keys.get(key.uri()), key.iv().orElseGet(() -> Aes128.sequenceIv(part.sequence())),
                        part.uri().toString());
            }
            boolean last;
            synchronized (this) {
                storage.writeAt(appended, java.nio.ByteBuffer.wrap(plain));
                appended += plain.length;
                next++;
                fetching = false;
                last = next == parts.size();
                if (last) {
                    storage.commit(appended);
                }
            }
            if (last) {
                listeners.publish(new KitharaEvent.DownloadComplete(playlist, appended));
            }
            wake();
        } catch (IOException | RuntimeException e) {
            storage.fail(e instanceof IOException io ? io : new IOException(e));
        }
    }

    @Override
    public String describe() {
        return playlist.toString();
    }
}
