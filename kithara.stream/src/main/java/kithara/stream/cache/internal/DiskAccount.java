package kithara.stream.cache.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import kithara.stream.cache.AssetInfo;

/**
 * What the assets of a cache folder hold, read from disk once and then kept up to date by the store as it writes (one
 * process owns a folder, so nothing else changes it), least recently used first, with running totals: sizing costs
 * O(1), and choosing what to evict costs the assets it evicts (and the pinned ones it skips), however large the cache.
 * Thread-safe; its lock is taken last (it calls nothing back).
 */
final class DiskAccount {

    /**
     * One resource: the bytes of its files (data and index), whether it has an index yet (only those count as
     * resources) and whether its index says complete; null until asked (the first scan reads no index: sizing and
     * eviction need only sizes, and a cache of thousands of segments would read thousands of files at its first open).
     */
    private record Resource(long bytes, boolean indexed, Boolean committed) {
    }

    /** One asset: its URL, last use, the size of its metadata file and its resources, with their total bytes. */
    private static final class Asset {
        String uri = "?";
        Instant lastAccess = Instant.EPOCH;
        long metaBytes;
        long resourceBytes;
        final Map<String, Resource> resources = new HashMap<>();

        long bytes() {
            return metaBytes + resourceBytes;
        }

        void put(String resourceId, Resource resource) {
            Resource old = resources.put(resourceId, resource);
            resourceBytes += resource.bytes() - (old == null ? 0 : old.bytes());
        }

        void remove(String resourceId) {
            Resource old = resources.remove(resourceId);
            resourceBytes -= old == null ? 0 : old.bytes();
        }

        /** Describes the asset in {@code folder}, reading the indexes not read yet. */
        AssetInfo info(String assetId, boolean pinned, Path folder) {
            int indexed = 0;
            boolean committed = true;
            for (Map.Entry<String, Resource> e : resources.entrySet()) {
                Resource r = e.getValue();
                if (!r.indexed()) {
                    continue;
                }
                if (r.committed() == null) {
                    r = new Resource(r.bytes(), true, ResourceIndex.read(folder.resolve(e.getKey() + ".idx")).committed());
                    e.setValue(r);
                }
                indexed++;
                committed &= r.committed();
            }
            return new AssetInfo(assetId, uri, bytes(), indexed, indexed > 0 && committed, lastAccess, pinned);
        }
    }

    private final Path root;
    private final Function<String, Path> folderOf;
    private final String meta;
    private LinkedHashMap<String, Asset> assets; // least recently used first; null until the first scan
    private long totalBytes;

    /**
     * @param root     the cache folder
     * @param folderOf an asset's folder, by asset id
     * @param meta     the name of each asset's metadata file ({@code uri}, {@code lastAccess})
     */
    DiskAccount(Path root, Function<String, Path> folderOf, String meta) {
        this.root = root;
        this.folderOf = folderOf;
        this.meta = meta;
    }

    /** Every asset, as {@link AssetInfo}s, least recently used first; pinned ones as {@code pinned} says. */
    synchronized List<AssetInfo> infos(Predicate<String> pinned) throws IOException {
        List<AssetInfo> list = new ArrayList<>();
        for (Map.Entry<String, Asset> e : scanned().entrySet()) {
            list.add(e.getValue().info(e.getKey(), pinned.test(e.getKey()), folderOf.apply(e.getKey())));
        }
        return list;
    }

    /** The bytes every asset takes on disk. */
    synchronized long totalBytes() throws IOException {
        scanned();
        return totalBytes;
    }

    /**
     * The assets to evict, least recently used first, so that at most {@code maxBytes} and {@code maxAssets} remain;
     * pinned assets are skipped (the store may stay over its limits). Removes nothing: the store deletes each and
     * calls {@link #removed}.
     */
    synchronized List<AssetInfo> overLimits(long maxBytes, int maxAssets, Predicate<String> pinned) throws IOException {
        return Eviction.victims(scanned().entrySet().stream().map(e -> e.getValue().info(e.getKey(), pinned.test(e.getKey()),
                        folderOf.apply(e.getKey())))
                .iterator(), totalBytes, assets.size(), maxBytes, maxAssets);
    }

    /** The store opened one of the asset's resources: it becomes the most recently used. */
    synchronized void touched(String assetId, String uri, Instant lastAccess) {
        if (assets == null) {
            return; // the first scan reads it
        }
        Asset a = assets.remove(assetId);
        if (a == null) {
            a = new Asset();
        }
        assets.put(assetId, a);
        a.uri = uri;
        a.lastAccess = lastAccess;
    }

    /** The store wrote the asset's metadata file (after {@link #touched}, which made the asset known). */
    synchronized void metaWritten(String assetId) throws IOException {
        Asset a = assets == null ? null : assets.get(assetId);
        if (a != null) {
            long metaBytes = size(folderOf.apply(assetId).resolve(meta));
            totalBytes += metaBytes - a.metaBytes;
            a.metaBytes = metaBytes;
        }
    }

    /** The store wrote one resource's files (a checkpoint, a commit); {@code committed} as indexed. */
    synchronized void resourceChanged(String assetId, String resourceId, boolean committed) throws IOException {
        if (assets == null) {
            return;
        }
        Path folder = folderOf.apply(assetId);
        long bytes = size(folder.resolve(resourceId + ".data"));
        long index = size(folder.resolve(resourceId + ".idx"));
        Asset a = assets.computeIfAbsent(assetId, id -> new Asset());
        long before = a.bytes();
        if (index == 0 && bytes == 0) {
            a.remove(resourceId);
        } else {
            a.put(resourceId, new Resource(bytes + index, index > 0, committed));
        }
        totalBytes += a.bytes() - before;
    }

    /** The store deleted an asset's folder. */
    synchronized void removed(String assetId) {
        if (assets != null) {
            Asset a = assets.remove(assetId);
            totalBytes -= a == null ? 0 : a.bytes();
        }
    }

    private Map<String, Asset> scanned() throws IOException {
        if (assets == null) {
            Map<String, Asset> found = new HashMap<>();
            try (Stream<Path> prefixes = Files.list(root)) {
                for (Path prefix : prefixes.filter(Files::isDirectory).toList()) {
                    try (Stream<Path> folders = Files.list(prefix)) {
                        for (Path folder : folders.filter(p -> Files.isDirectory(p)
                                && p.getFileName().toString().matches("[0-9a-f]{64}")).toList()) {
                            found.put(folder.getFileName().toString(), read(folder));
                        }
                    }
                }
            }
            assets = new LinkedHashMap<>();
            found.entrySet().stream()
                    .sorted(Map.Entry.<String, Asset>comparingByValue(Comparator.comparing(a -> a.lastAccess))
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> assets.put(e.getKey(), e.getValue()));
            totalBytes = found.values().stream().mapToLong(Asset::bytes).sum();
        }
        return assets;
    }

    /** Reads one asset folder: its metadata and every resource's files. */
    private Asset read(Path folder) throws IOException {
        Asset a = new Asset();
        Path metaFile = folder.resolve(meta);
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(metaFile, StandardCharsets.UTF_8)));
            a.metaBytes = size(metaFile);
        } catch (NoSuchFileException | IllegalArgumentException missingOrCorrupt) {
            p.clear();
        }
        a.uri = p.getProperty("uri", "?");
        try {
            a.lastAccess = Instant.ofEpochMilli(Long.parseLong(p.getProperty("lastAccess", "0")));
        } catch (NumberFormatException e) {
            a.lastAccess = Instant.EPOCH;
        }
        Map<String, long[]> sizes = new HashMap<>();
        Set<String> indexed = new HashSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (name.startsWith(meta) || dot < 0) {
                    continue;
                }
                String resource = name.substring(0, dot);
                sizes.computeIfAbsent(resource, r -> new long[1])[0] += size(f);
                if (name.endsWith(".idx")) {
                    indexed.add(resource);
                }
            }
        }
        sizes.forEach((resource, bytes) -> a.put(resource, new Resource(bytes[0], indexed.contains(resource), null)));
        return a;
    }

    /** The file's size, 0 when it is missing: asked for files not yet written, so without an exception for them. */
    private static long size(Path file) {
        return file.toFile().length();
    }
}
