package kithara.stream.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kithara.api.source.ByteRange;
import kithara.stream.cache.AssetKey;
import kithara.stream.storage.FileDriver;
import kithara.stream.storage.SpillingDriver;
import kithara.stream.storage.StorageResource;

/** What a checkpoint records: the bytes on disk, and completeness only once committed; a commit is noted, not synced. */
class OpenResourceTest {

    @TempDir
    Path root;

    @Test
    void aCheckpointRecordsWhatIsOnDiskAndCompletenessOnlyAfterACommit() throws IOException {
        AssetCache keys = AssetCache.inMemory(1, 1, true);
        AssetKey key = keys.key(URI.create("https://cdn.test/a.m3u8"), "https://cdn.test/seg-1.m4s");
        Path folder = SharedFolders.assetFolder(root, key.assetId());
        Files.createDirectories(folder);
        SpillingDriver disk = new SpillingDriver(new FileDriver(SharedFolders.dataFile(folder, key)), key.toString());
        DiskAccount account = new DiskAccount(root, id -> SharedFolders.assetFolder(root, id), "asset.meta");
        OpenResource resource = new OpenResource(key, new StorageResource(key.toString(), disk), disk, folder,
                ResourceIndex.EMPTY, false, account);

        resource.storage.writeAt(0, ByteBuffer.wrap(new byte[300]));
        resource.storage.writeAt(500, ByteBuffer.wrap(new byte[200]));
        resource.checkpoint();
        assertFalse(resource.changedSinceCheckpoint());
        ResourceIndex partial = ResourceIndex.read(SharedFolders.indexFile(folder, key));
        assertEquals(List.of(new ByteRange(0, 300), new ByteRange(500, 700)), partial.ranges());
        assertFalse(partial.committed());

        resource.storage.writeAt(300, ByteBuffer.wrap(new byte[200]));
        resource.checkpoint();
        ResourceIndex whole = ResourceIndex.read(SharedFolders.indexFile(folder, key));
        resource.storage.commit(700);
        resource.committed = true;
        resource.markChanged();
        assertTrue(resource.changedSinceCheckpoint());
        assertEquals(whole, ResourceIndex.read(SharedFolders.indexFile(folder, key)), "a commit alone writes nothing");
        assertFalse(whole.committed());
        resource.checkpoint();
        ResourceIndex complete = ResourceIndex.read(SharedFolders.indexFile(folder, key));
        assertTrue(complete.committed());
        assertEquals(OptionalLong.of(700), complete.length());
        resource.storage.close();
        keys.close();
    }
}
