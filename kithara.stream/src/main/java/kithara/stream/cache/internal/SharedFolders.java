package kithara.stream.cache.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import kithara.stream.cache.AssetKey;
import kithara.stream.storage.FileDriver;
import kithara.stream.storage.StorageResource;

/**
 * Cache folders of other Kithara stores (another process's, or one filled beforehand) whose complete resources a
 * store serves read-only: several processes on one host share what one of them cached, and none of them writes,
 * locks or evicts anything in these folders. Only committed resources are taken (their bytes are final); a resource
 * the folder's owner is still fetching is fetched again by the reader.
 */
final class SharedFolders {

    /** No shared folder. */
    static final SharedFolders NONE = new SharedFolders(List.of());

    private final List<Path> roots;

    SharedFolders(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** Returns the folder of an asset in a cache folder: {@code root/ab/abcdef...}. */
    static Path assetFolder(Path root, String assetId) {
        return root.resolve(assetId.substring(0, 2)).resolve(assetId);
    }

    /** Returns the index file of a resource in its asset's folder. */
    static Path indexFile(Path assetFolder, AssetKey key) {
        return assetFolder.resolve(key.resourceId() + ".idx");
    }

    /** Returns the data file of a resource in its asset's folder. */
    static Path dataFile(Path assetFolder, AssetKey key) {
        return assetFolder.resolve(key.resourceId() + ".data");
    }

    /**
     * Opens the resource of {@code key} read-only from the first folder that holds it whole; empty when none does.
     * The index must be committed and checksummed and the data file at least as long as it says.
     */
    Optional<StorageResource> open(AssetKey key) throws IOException {
        for (Path root : roots) {
            Path folder = assetFolder(root, key.assetId());
            ResourceIndex index = ResourceIndex.read(indexFile(folder, key));
            Path data = dataFile(folder, key);
            if (isComplete(index, data)) {
                return Optional.of(StorageResource.restore(key + " (shared from " + root + ")", FileDriver.readOnly(data),
                        index.ranges(), index.length()));
            }
        }
        return Optional.empty();
    }

    /** The length of {@code key}'s resource in the first folder that holds all of it; empty when none does. */
    OptionalLong completeLength(AssetKey key) throws IOException {
        for (Path root : roots) {
            Path folder = assetFolder(root, key.assetId());
            OptionalLong length = completeLength(indexFile(folder, key), dataFile(folder, key));
            if (length.isPresent()) {
                return length;
            }
        }
        return OptionalLong.empty();
    }

    /** The length its index promises when it says complete and the data file holds that much; else empty. */
    static OptionalLong completeLength(Path indexFile, Path data) throws IOException {
        ResourceIndex index = ResourceIndex.read(indexFile);
        return isComplete(index, data) ? index.length() : OptionalLong.empty();
    }

    private static boolean isComplete(ResourceIndex index, Path data) throws IOException {
        return index.committed() && index.length().isPresent() && Files.isRegularFile(data)
                && Files.size(data) >= index.length().getAsLong();
    }

    /** Returns these folders and {@code root} after them. */
    SharedFolders with(Path root) {
        List<Path> all = new ArrayList<>(roots);
        all.add(root);
        return new SharedFolders(all);
    }

    @Override
    public String toString() {
        return roots.toString();
    }
}
