package kithara.stream.cache.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import kithara.stream.cache.AssetInfo;
import kithara.stream.cache.AssetKey;
import kithara.stream.cache.AssetLease;
import kithara.stream.cache.AssetStore;
import kithara.stream.cache.CacheException;

/**
 * The {@link AssetStore} service. Stopping the bundle (or changing the configuration) checkpoints every open
 * resource, releases every pin and unlocks the folder.
 */
@Component(service = AssetStore.class, configurationPid = "kithara.stream.cache")
@Designate(ocd = CacheConfig.class)
public final class CacheComponent implements AssetStore {

    private static final Logger LOG = LoggerFactory.getLogger(CacheComponent.class);

    private final AssetCache cache;
    private final Optional<String> degraded;

    /**
     * Opens the configured store, reading complete resources of the configured shared folders too. When its folder is
     * used by another process, caches in memory instead and reads that folder as a shared one (this process keeps
     * working, the other's cache is not touched) and says so in {@link #degraded()}.
     */
    @Activate
    public CacheComponent(CacheConfig config) throws IOException {
        SharedFolders shared = new SharedFolders(Arrays.stream(config.sharedRoots()).filter(r -> !r.isBlank())
                .map(Paths::get).toList());
        if ("memory".equalsIgnoreCase(config.backend())) {
            cache = AssetCache.inMemory(config.maxBytes(), config.maxAssets(), config.keepQuery(), shared);
            degraded = Optional.empty();
            return;
        }
        Path root = config.root().isBlank() ? defaultRoot() : Paths.get(config.root());
        AssetCache opened;
        Optional<String> why = Optional.empty();
        try {
            opened = AssetCache.onDisk(root, config.maxBytes(), config.maxAssets(), config.keepQuery(), shared);
        } catch (CacheException e) {
            if (e.reason() != CacheException.Reason.LOCKED) {
                throw e;
            }
            LOG.warn("{}; this process reads what that one cached whole and caches the rest in memory", e.getMessage());
            opened = AssetCache.inMemory(config.maxBytes(), config.maxAssets(), config.keepQuery(), shared.with(root));
            why = Optional.of("the cache folder " + root + " is in use by another kithara process; this one reads what"
                    + " that one cached whole and caches the rest in memory (another folder for this run:"
                    + " kithara --set kithara.stream.cache.root=DIR ...)");
        }
        cache = opened;
        degraded = why;
    }

    @Override
    public String location() {
        return cache.location();
    }

    @Override
    public Optional<String> degraded() {
        return degraded;
    }

    /** Returns {@code $XDG_CACHE_HOME/kithara/assets}, defaulting to {@code ~/.cache}. */
    static Path defaultRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("kithara").resolve("assets");
    }

    @Override
    public AssetKey key(URI uri, String resource) {
        return cache.key(uri, resource);
    }

    @Override
    public AssetLease open(AssetKey key) throws IOException {
        return cache.open(key);
    }

    @Override
    public OptionalLong completeLength(AssetKey key) throws IOException {
        return cache.completeLength(key);
    }

    @Override
    public List<AssetInfo> assets() throws IOException {
        return cache.assets();
    }

    @Override
    public long totalBytes() throws IOException {
        return cache.totalBytes();
    }

    @Override
    public List<AssetInfo> evict(long maxBytes, int maxAssets) throws IOException {
        return cache.evict(maxBytes, maxAssets);
    }

    @Deactivate
    void deactivate() throws IOException {
        cache.close();
    }

    @Override
    public String toString() {
        return cache.toString();
    }
}
