package kithara.stream.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kithara.stream.cache.AssetKey;
import kithara.stream.cache.AssetLease;

/** The cache as the OSGi service protocol bundles see it. */
class CacheComponentTest {

    @TempDir
    Path root;

    /**
     * HLS asks the service about every segment it plans: a miss must not create, open or delete anything, and so must
     * not make room for a resource that is not coming (with one asset allowed, that would evict the cached one).
     */
    @Test
    void theServiceAnswersCompleteLengthWithoutOpeningTheResource() throws IOException {
        CacheComponent service = new CacheComponent(config(Map.of("root", root.toString(), "maxAssets", 1)));
        try {
            URI stream = URI.create("https://cdn.test/live/index.m3u8");
            AssetKey cached = service.key(stream, "seg-1.m4s");
            try (AssetLease lease = service.open(cached)) {
                lease.storage().writeAt(0, ByteBuffer.wrap(new byte[700]));
                lease.commit(700);
            }
            AssetKey absent = service.key(URI.create("https://cdn.test/other/index.m3u8"), "seg-1.m4s");

            assertEquals(OptionalLong.of(700), service.completeLength(cached));
            assertEquals(OptionalLong.empty(), service.completeLength(absent));
            assertFalse(Files.exists(SharedFolders.assetFolder(root, absent.assetId())), "asking created nothing");
            assertEquals(OptionalLong.of(700), service.completeLength(cached), "asking evicted nothing");
        } finally {
            service.deactivate();
        }
    }

    /** The component's configuration: the given values, every other attribute its default. */
    private static CacheConfig config(Map<String, Object> values) {
        return (CacheConfig) Proxy.newProxyInstance(CacheConfig.class.getClassLoader(), new Class<?>[] {CacheConfig.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : method.getDefaultValue());
    }
}
