package kithara.stream.cache.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The last access of each asset of a cache folder, in its metadata file {@code asset.meta} (URL, last access), which
 * eviction orders by. Opening a resource updates it in memory and in the {@link DiskAccount} at once, and on disk at
 * most every {@link #REFRESH_MILLIS} and when the store closes: an HLS stream opens one resource per segment. Not
 * thread-safe: the {@link AssetCache} guards it with its lock.
 */
final class AccessLog {

    /** The name of an asset's metadata file. */
    static final String FILE = "asset.meta";
    /** How stale an asset's last access may be on disk. */
    private static final long REFRESH_MILLIS = 60_000L;

    /** An asset's URL and last access: in memory, and as written to its metadata file (0: not in this session). */
    private static final class Access {
        final String uri;
        long last;
        long written;

        Access(String uri) {
            this.uri = uri;
        }
    }

    private final Function<String, Path> folders;
    private final DiskAccount account;
    private final Map<String, Access> accessed = new HashMap<>();

    /** A log of the assets in the folders {@code folders} gives by asset id, telling {@code account}. */
    AccessLog(Function<String, Path> folders, DiskAccount account) {
        this.folders = folders;
        this.account = account;
    }

    /** The asset {@code assetId} of {@code uri} was opened now; its metadata file is written if it is stale. */
    void touch(String assetId, String uri) throws IOException {
        long now = System.currentTimeMillis();
        Access access = accessed.computeIfAbsent(assetId, id -> new Access(uri));
        access.last = now;
        account.touched(assetId, uri, Instant.ofEpochMilli(now));
        if (now - access.written >= REFRESH_MILLIS) {
            write(assetId, access);
        }
    }

    /** The asset was removed: nothing of it is written any more. */
    void forget(String assetId) {
        accessed.remove(assetId);
    }

    /** Writes every last access not written yet, of the assets still there; the first failure is thrown at the end. */
    void writeAll() throws IOException {
        IOException first = null;
        for (Map.Entry<String, Access> e : accessed.entrySet()) {
            if (e.getValue().last > e.getValue().written && Files.isDirectory(folders.apply(e.getKey()))) {
                try {
                    write(e.getKey(), e.getValue());
                } catch (IOException ex) {
                    first = first == null ? ex : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Writes an asset's URL and last access to its metadata file, creating its folder. */
    private void write(String assetId, Access access) throws IOException {
        Path folder = folders.apply(assetId);
        Files.createDirectories(folder);
        Properties meta = new Properties();
        meta.setProperty("uri", access.uri);
        meta.setProperty("lastAccess", Long.toString(access.last));
        Path temp = folder.resolve(FILE + ".tmp");
        try (var out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            meta.store(out, null);
        }
        Files.move(temp, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        access.written = access.last;
        account.metaWritten(assetId);
    }
}
