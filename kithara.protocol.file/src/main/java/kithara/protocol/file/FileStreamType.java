package kithara.protocol.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import kithara.api.net.Downloader;
import kithara.api.source.Source;
import kithara.api.source.SourceException;
import kithara.api.source.StreamRequest;
import kithara.api.source.StreamType;
import kithara.stream.cache.AssetKey;
import kithara.stream.cache.AssetStore;
import kithara.stream.storage.FileDriver;
import kithara.stream.storage.StorageResource;
import kithara.stream.storage.StorageSource;

/**
 * The {@code file} protocol: local files read in place (no copy, no network, no cache entry), and
 * progressive HTTP(S) downloads into the asset cache, one shared {@link ProgressiveDownload} per URL. HLS
 * playlists are left to the {@code hls} protocol.
 */
@Component(service = StreamType.class, property = StreamType.PROTOCOL + "=file", configurationPid = "kithara.protocol.file")
@Designate(ocd = FileProtocolConfig.class)
public final class FileStreamType implements StreamType {

    private final Downloader downloader;
    private final AssetStore store;
    private final long lookAhead;
    private final Duration openTimeout;
    private final Map<AssetKey, ProgressiveDownload> downloads = new HashMap<>();

    /** Creates the protocol on the shared downloader and asset store. */
    @Activate
    public FileStreamType(@Reference(name = "downloader") Downloader downloader, @Reference(name = "store") AssetStore store,
                          FileProtocolConfig config) {
        this(downloader, store, config.lookAheadBytes(), Duration.ofMillis(config.openTimeoutMs()));
    }

    /** Creates the protocol outside OSGi (tests, benchmarks). */
    public FileStreamType(Downloader downloader, AssetStore store, long lookAheadBytes, Duration openTimeout) {
        this.downloader = downloader;
        this.store = store;
        this.lookAhead = lookAheadBytes;
        this.openTimeout = openTimeout;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public boolean accepts(StreamRequest request) {
        String scheme = request.scheme();
        return scheme.equals("file") || ((scheme.equals("http") || scheme.equals("https")) && !request.isHlsPlaylist());
    }

    @Override
    public Source open(StreamRequest request) throws IOException {
        if (!accepts(request)) {
            throw new SourceException(SourceException.Reason.FAILED, request.uri().toString(), Optional.empty(),
                    new IOException("not a local file or a progressive http(s) URL"));
        }
        return request.scheme().equals("file") ? openLocal(request) : openRemote(request);
    }

    private Source openLocal(StreamRequest request) throws IOException {
        Path path = Paths.get(request.uri());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new SourceException(SourceException.Reason.FAILED, path.toString(), Optional.empty(),
                    new NoSuchFileException(path.toString(), null, "no readable file"));
        }
        StorageResource storage = StorageResource.complete(path.toString(), FileDriver.readOnly(path), Files.size(path));
        return StorageSource.complete(storage, MediaTypes.guess(request.uri(), request.contentType()));
    }

    private Source openRemote(StreamRequest request) throws IOException {
        AssetKey key = store.key(request.uri(), "");
        ProgressiveDownload download;
        synchronized (downloads) {
            download = downloads.get(key);
            if (download == null) {
                ProgressiveDownload[] created = new ProgressiveDownload[1];
                created[0] = new ProgressiveDownload(request.uri(), request.headers(), store.open(key), lookAhead,
                        () -> forget(key, created[0]));
                download = created[0];
                downloads.put(key, download);
                download.start(downloader);
            }
            download.join();
        }
        return download.open(openTimeout);
    }

    /** Ends a download nobody reads or waits for any more, unless someone joined it meanwhile. */
    private void forget(AssetKey key, ProgressiveDownload download) {
        synchronized (downloads) {
            if (!download.isIdle() || !downloads.remove(key, download)) {
                return;
            }
        }
        try {
            download.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
