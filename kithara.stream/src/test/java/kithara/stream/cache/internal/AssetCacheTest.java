package kithara.stream.cache.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kithara.api.source.ByteRange;
import kithara.api.source.ReadOutcome;
import kithara.stream.cache.AssetInfo;
import kithara.stream.cache.AssetKey;
import kithara.stream.cache.AssetLease;
import kithara.stream.cache.CacheException;
import kithara.stream.cache.Validators;

class AssetCacheTest {

    private static final long BIG = Long.MAX_VALUE;
    private static final URI SONG = URI.create("https://cdn.test/album/song.flac");

    @TempDir
    Path root;

    private AssetCache disk() throws CacheException {
        return AssetCache.onDisk(root, BIG, Integer.MAX_VALUE, true);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * seed + 7);
        }
        return b;
    }

    private static byte[] read(AssetLease lease, long from, int n) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(n);
        while (dst.hasRemaining()) {
            ReadOutcome o = lease.storage().readAt(from + dst.position(), dst);
            if (!(o instanceof ReadOutcome.Bytes)) {
                throw new AssertionError("missing bytes at " + (from + dst.position()) + ": " + o);
            }
        }
        return dst.array();
    }

    /** The size of every file under the root but the lock: what the store must account for. */
    private long bytesOnDisk() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".lock"))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).sum();
        }
    }

    @Test
    void hostileKeysNeverLeaveTheRoot() throws IOException {
        List<String> hostile = List.of("..", "../../etc/passwd", "/etc/passwd", "a\0b", "x".repeat(10_000), "C:\\Windows",
                "%2e%2e/%2e%2e", "\n");
        try (AssetCache cache = disk()) {
            for (String name : hostile) {
                for (URI uri : List.of(URI.create("https://cdn.test/" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)),
                        URI.create("file:///../../etc/passwd"), SONG)) {
                    AssetKey key = cache.key(uri, name);
                    try (AssetLease lease = cache.open(key)) {
                        lease.storage().writeAt(0, ByteBuffer.wrap(bytes(10, 1)));
                    }
                }
            }
        }
        Path real = root.toRealPath();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.toList()) {
                assertTrue(p.toRealPath().startsWith(real), p + " is outside " + real);
                assertTrue(p.getFileName().toString().length() < 100, "short names only: " + p);
            }
        }
    }

    @Test
    void leasesOfOneKeyShareOneResource() throws IOException {
        try (AssetCache cache = disk()) {
            AssetKey key = cache.key(SONG, "");
            try (AssetLease a = cache.open(key); AssetLease b = cache.open(key)) {
                assertSame(a.storage(), b.storage());
            }
        }
    }

    @Test
    void partialBytesSurviveARestartAndCommittedOnesReplayOffline() throws IOException {
        byte[] content = bytes(100_000, 3);
        AssetKey key;
        try (AssetCache cache = disk()) {
            key = cache.key(SONG, "");
            try (AssetLease lease = cache.open(key)) {
                lease.revalidate(new Validators(Optional.of("\"v1\""), Optional.empty(), OptionalLong.of(content.length)));
                lease.storage().writeAt(0, ByteBuffer.wrap(content, 0, 40_000));
                lease.storage().writeAt(60_000, ByteBuffer.wrap(content, 60_000, 10_000));
            }
        }
        try (AssetCache cache = disk(); AssetLease lease = cache.open(key)) {
            assertEquals(List.of(new ByteRange(0, 40_000), new ByteRange(60_000, 70_000)), lease.storage().presentRanges());
            assertEquals(Optional.of("\"v1\""), lease.validators().orElseThrow().etag());
            assertFalse(lease.isCommitted());
            for (ByteRange gap : lease.storage().gaps(new ByteRange(0, content.length))) {
                lease.storage().writeAt(gap.start(), ByteBuffer.wrap(content, (int) gap.start(), (int) gap.length()));
            }
            lease.commit(content.length);
        }
        try (AssetCache cache = disk(); AssetLease lease = cache.open(key)) {
            assertTrue(lease.isCommitted(), "served with no network");
            assertEquals(OptionalLong.of(content.length), lease.storage().length());
            assertArrayEquals(content, read(lease, 0, content.length));
        }
    }

    @Test
    void aChangedOriginDiscardsTheOldBytes() throws IOException {
        try (AssetCache cache = disk(); AssetLease lease = cache.open(cache.key(SONG, ""))) {
            assertFalse(lease.revalidate(new Validators(Optional.of("\"a\""), Optional.empty(), OptionalLong.of(100))));
            lease.storage().writeAt(0, ByteBuffer.wrap(bytes(50, 1)));
            assertFalse(lease.revalidate(new Validators(Optional.of("\"a\""), Optional.of("Sun"), OptionalLong.of(100))));
            assertEquals(50, lease.storage().presentRanges().get(0).length(), "same version: bytes kept");
            assertTrue(lease.revalidate(new Validators(Optional.of("\"b\""), Optional.empty(), OptionalLong.of(100))));
            assertEquals(List.of(), lease.storage().presentRanges(), "new version: nothing old is served");
            lease.storage().writeAt(0, ByteBuffer.wrap(bytes(30, 1)));
            assertTrue(lease.revalidate(new Validators(Optional.of("\"b\""), Optional.empty(), OptionalLong.of(120))),
                    "a length change is a new version too");
        }
    }

    @Test
    void lruEvictionByBytesAndCountSparesPinnedAssetsAndAccountsExactly() throws IOException {
        try (AssetCache cache = AssetCache.onDisk(root, 250_000, 3, true)) {
            AssetLease pinned = cache.open(cache.key(URI.create("https://cdn.test/pinned"), ""));
            pinned.storage().writeAt(0, ByteBuffer.wrap(bytes(100_000, 1)));
            pinned.commit(100_000);
            for (int i = 0; i < 4; i++) {
                try (AssetLease lease = cache.open(cache.key(URI.create("https://cdn.test/" + i), ""))) {
                    lease.storage().writeAt(0, ByteBuffer.wrap(bytes(60_000, i)));
                    lease.commit(60_000);
                }
                assertEquals(bytesOnDisk(), cache.totalBytes(), "accounting after asset " + i);
            }
            List<String> left = cache.assets().stream().map(AssetInfo::uri).toList();
            assertTrue(left.contains("https://cdn.test/pinned"), "pinned survives: " + left);
            assertTrue(left.contains("https://cdn.test/3"), "the newest survives: " + left);
            assertFalse(left.contains("https://cdn.test/0"), "the oldest went first: " + left);
            assertTrue(cache.totalBytes() <= 250_000 && left.size() <= 3, left + ", " + cache.totalBytes());
            assertTrue(cache.clear().stream().noneMatch(a -> a.uri().equals("https://cdn.test/pinned")));
            assertEquals(1, cache.assets().size());
            pinned.close();
            assertEquals(1, cache.clear().size());
            assertEquals(0, cache.totalBytes());
            assertEquals(0, bytesOnDisk());
        }
    }

    @Test
    void replayingACachedResourceRewritesNothingAndItsLastUseReachesDiskWhenTheStoreCloses() throws IOException {
        Instant replayed;
        try (AssetCache cache = disk()) {
            AssetKey key = cache.key(SONG, "segment-1.ts");
            try (AssetLease lease = cache.open(key)) {
                lease.storage().writeAt(0, ByteBuffer.wrap(bytes(1000, 3)));
                lease.commit(1000);
            }
            Path folder = root.resolve(key.assetId().substring(0, 2)).resolve(key.assetId());
            Object index = fileKey(folder.resolve(key.resourceId() + ".idx"));
            Object meta = fileKey(folder.resolve("asset.meta"));
            Instant first = cache.assets().get(0).lastAccess();
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() <= first.toEpochMilli() + 1 && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait(); // the next access must be a later millisecond
            }
            for (int replay = 0; replay < 3; replay++) {
                try (AssetLease lease = cache.open(key)) {
                    assertArrayEquals(bytes(1000, 3), read(lease, 0, 1000));
                }
            }
            assertEquals(index, fileKey(folder.resolve(key.resourceId() + ".idx")), "the index is not rewritten");
            assertEquals(meta, fileKey(folder.resolve("asset.meta")), "the metadata waits for the store's close");
            replayed = cache.assets().get(0).lastAccess();
            assertTrue(replayed.isAfter(first), first + " then " + replayed);
        }
        try (AssetCache again = disk()) {
            assertEquals(replayed, again.assets().get(0).lastAccess(), "the last use as the closed store knew it");
        }
    }

    /** The file's identity (device and inode): an atomic rewrite replaces it. */
    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    @Test
    void aSecondStoreOnTheSameFolderIsToldItIsLocked() throws IOException {
        try (AssetCache first = disk()) {
            CacheException e = assertThrows(CacheException.class, this::disk);
            assertEquals(CacheException.Reason.LOCKED, e.reason());
            assertTrue(e.getMessage().contains(root.toString()), e.getMessage());
        }
        disk().close();
    }

    @Test
    void anotherStoresCompleteResourcesAreServedReadOnlyAndItsFolderIsNeverTouched(@TempDir Path mine) throws IOException {
        byte[] content = bytes(50_000, 5);
        URI partial = URI.create("https://cdn.test/album/partial.flac");
        try (AssetCache owner = disk()) {
            try (AssetLease whole = owner.open(owner.key(SONG, ""));
                 AssetLease half = owner.open(owner.key(partial, ""))) {
                whole.storage().writeAt(0, ByteBuffer.wrap(content));
                whole.commit(content.length);
                half.storage().writeAt(0, ByteBuffer.wrap(content, 0, 1000));
            }
            Map<Path, String> before = snapshot(root);
            try (AssetCache reader = AssetCache.onDisk(mine, BIG, Integer.MAX_VALUE, true, new SharedFolders(List.of(root)))) {
                try (AssetLease shared = reader.open(reader.key(SONG, ""))) {
                    assertTrue(shared.isCommitted(), "served with no network");
                    assertArrayEquals(content, read(shared, 0, content.length));
                    CacheException refused = assertThrows(CacheException.class, () -> shared.commit(content.length));
                    assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
                }
                try (AssetLease own = reader.open(reader.key(partial, ""))) {
                    assertFalse(own.isCommitted(), "a resource the owner has not finished is fetched by the reader");
                    assertEquals(List.of(), own.storage().presentRanges());
                    own.storage().writeAt(0, ByteBuffer.wrap(content, 0, 10));
                }
                assertEquals(List.of(CanonicalUrl.of(partial, true)),
                        reader.assets().stream().map(AssetInfo::uri).toList(), "only what it fetched is its own");
            }
            assertEquals(before, snapshot(root), "the shared folder is never written");
        }
    }

    /** Every file under {@code dir} with its size and modification time. */
    private static Map<Path, String> snapshot(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            Map<Path, String> all = new TreeMap<>();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.put(f, Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis());
            }
            return all;
        }
    }

    /** The first listing after a restart reads what it did not need to size the cache: whether each asset is whole. */
    @Test
    void afterARestartTheListingSaysWhichAssetsAreWhole() throws IOException {
        URI other = URI.create("https://cdn.test/album/other.flac");
        try (AssetCache cache = disk()) {
            for (String segment : List.of("segment-1.ts", "segment-2.ts")) {
                try (AssetLease lease = cache.open(cache.key(SONG, segment))) {
                    lease.storage().writeAt(0, ByteBuffer.wrap(bytes(300, 5)));
                    lease.commit(300);
                }
            }
            try (AssetLease lease = cache.open(cache.key(other, ""))) {
                lease.storage().writeAt(0, ByteBuffer.wrap(bytes(200, 6))); // partial
            }
        }
        try (AssetCache cache = disk()) {
            assertEquals(bytesOnDisk(), cache.totalBytes(), "sized from the files alone");
            Map<String, AssetInfo> byUri = new TreeMap<>();
            cache.assets().forEach(a -> byUri.put(a.uri(), a));
            assertTrue(byUri.get(SONG.toString()).committed(), "both segments committed");
            assertEquals(2, byUri.get(SONG.toString()).resources());
            assertFalse(byUri.get(other.toString()).committed(), "partial");
            assertEquals(1, byUri.get(other.toString()).resources());
        }
    }

    /** A scheduler asks for every segment it plans: the answer opens, creates and deletes nothing. */
    @Test
    void theLengthOfACompleteResourceIsKnownWithoutOpeningIt() throws IOException {
        try (AssetCache cache = disk()) {
            AssetKey done = cache.key(SONG, "segment-1.ts");
            AssetKey partial = cache.key(SONG, "segment-2.ts");
            AssetKey absent = cache.key(URI.create("https://cdn.test/other.m3u8"), "segment-1.ts");
            try (AssetLease lease = cache.open(done)) {
                lease.storage().writeAt(0, ByteBuffer.wrap(bytes(1000, 3)));
                lease.commit(1000);
                assertEquals(OptionalLong.of(1000), cache.completeLength(done), "committed, its lease still open");
            }
            try (AssetLease lease = cache.open(partial)) {
                lease.storage().writeAt(0, ByteBuffer.wrap(bytes(500, 4)));
            }
            assertEquals(OptionalLong.of(1000), cache.completeLength(done), "from its index once closed");
            assertEquals(OptionalLong.empty(), cache.completeLength(partial));
            assertEquals(OptionalLong.empty(), cache.completeLength(absent));
            assertFalse(Files.exists(SharedFolders.assetFolder(root, absent.assetId())), "asking created nothing");
        }
        try (AssetCache cache = disk()) {
            assertEquals(OptionalLong.of(1000), cache.completeLength(cache.key(SONG, "segment-1.ts")), "after a restart");
        }
    }

    @Test
    void aCorruptIndexReadsAsNothingNotAsWrongBytes() throws IOException {
        AssetKey key;
        try (AssetCache cache = disk()) {
            key = cache.key(SONG, "");
            try (AssetLease lease = cache.open(key)) {
                lease.storage().writeAt(0, ByteBuffer.wrap(bytes(1000, 2)));
            }
        }
        Path idx;
        try (Stream<Path> files = Files.walk(root)) {
            idx = files.filter(p -> p.toString().endsWith(".idx")).findFirst().orElseThrow();
        }
        Files.writeString(idx, Files.readString(idx).replace("0-1000", "0-9000"));
        try (AssetCache cache = disk(); AssetLease lease = cache.open(key)) {
            assertEquals(List.of(), lease.storage().presentRanges());
        }
    }

    @Test
    void aResourceThatNeverGotAByteLeavesNoAssetBehind() throws IOException {
        for (AssetCache cache : List.of(disk(), AssetCache.inMemory(BIG, 10, true))) {
            try (cache) {
                URI failed = URI.create("https://cdn.test/404.mp3");
                try (AssetLease lease = cache.open(cache.key(failed, ""))) {
                    assertTrue(lease.storage().presentRanges().isEmpty()); // the fetch failed before any byte
                }
                assertEquals(List.of(), cache.assets(), cache.location());
                // an asset with bytes in one resource keeps them when another resource of it fails
                try (AssetLease kept = cache.open(cache.key(SONG, "seg1"))) {
                    kept.storage().writeAt(0, ByteBuffer.wrap(bytes(10, 1)));
                }
                try (AssetLease empty = cache.open(cache.key(SONG, "seg2"))) {
                    assertTrue(empty.storage().presentRanges().isEmpty());
                }
                assertEquals(List.of(SONG.toString()), cache.assets().stream().map(AssetInfo::uri).toList());
                try (AssetLease kept = cache.open(cache.key(SONG, "seg1"))) {
                    assertArrayEquals(bytes(10, 1), read(kept, 0, 10));
                }
            }
        }
    }

    @Test
    void theMemoryBackendKeepsAssetsUntilEvicted() throws IOException {
        try (AssetCache cache = AssetCache.inMemory(150_000, 10, true)) {
            AssetKey a = cache.key(URI.create("https://cdn.test/a"), "");
            try (AssetLease lease = cache.open(a)) {
                lease.storage().writeAt(0, ByteBuffer.wrap(bytes(100_000, 1)));
                lease.commit(100_000);
            }
            try (AssetLease lease = cache.open(a)) {
                assertTrue(lease.isCommitted());
                assertArrayEquals(bytes(100_000, 1), read(lease, 0, 100_000));
            }
            try (AssetLease lease = cache.open(cache.key(URI.create("https://cdn.test/b"), ""))) {
                lease.storage().writeAt(0, ByteBuffer.wrap(bytes(100_000, 2)));
                lease.commit(100_000);
            }
            assertEquals(List.of("https://cdn.test/b"), cache.assets().stream().map(AssetInfo::uri).toList());
            assertEquals(100_000, cache.totalBytes());
        }
    }
}
