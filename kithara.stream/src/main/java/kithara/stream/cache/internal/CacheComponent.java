package kithara.stream.cache.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import kithara.stream.cache.AssetInfo;
import kithara.stream.cache.AssetKey;
import kithara.stream.cache.AssetLease;
import kithara.stream.cache.AssetStore;

/**
 * The {@link AssetStore} service. Stopping the bundle (or changing the configuration) checkpoints every open
 * resource, releases every pin and unlocks the folder.
 */
@Component(service = AssetStore.class, configurationPid = "kithara.stream.cache")
@Designate(ocd = CacheConfig.class)
public final class CacheComponent implements AssetStore {

    private final AssetCache cache;

    /** Opens the configured store. */
    @Activate
    public CacheComponent(CacheConfig config) throws IOException {
        cache = "memory".equalsIgnoreCase(config.backend())
                ? AssetCache.inMemory(config.maxBytes(), config.maxAssets(), config.keepQuery())
                : AssetCache.onDisk(config.root().isBlank() ? defaultRoot() : Paths.get(config.root()), config.maxBytes(),
                        config.maxAssets(), config.keepQuery());
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
