package kithara.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import kithara.stream.cache.AssetLease;
import kithara.stream.cache.internal.AssetCache;

/**
 * What caching one HLS segment costs (open a resource, write 100 bytes, commit, close) in a disk cache that already
 * holds {@code cached} resources (three streams' worth) against an empty one: the cost must not grow with the cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class CacheOpenBench {

    @Param({"0", "5400"})
    public int cached;

    private Path dir;
    private AssetCache cache;
    private final URI stream = URI.create("https://cdn.test/playing.m3u8");
    private long segment;

    @Setup
    public void setup() throws IOException {
        dir = Files.createTempDirectory("kithara-cache-bench");
        cache = AssetCache.onDisk(dir, Long.MAX_VALUE, Integer.MAX_VALUE, true);
        for (int i = 0; i < cached; i++) {
            put(URI.create("https://cdn.test/stream" + (i % 3) + ".m3u8"), "seg" + i);
        }
    }

    private void put(URI uri, String resource) throws IOException {
        try (AssetLease lease = cache.open(cache.key(uri, resource))) {
            lease.storage().writeAt(0, ByteBuffer.wrap(new byte[100]));
            lease.commit(100);
        }
    }

    @Benchmark
    public void cacheOneSegment() throws IOException {
        put(stream, "seg" + segment++);
    }

    @TearDown
    public void teardown() throws IOException {
        cache.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
