package kithara.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import kithara.api.media.MediaInfo;
import kithara.stream.io.SourceStream;
import kithara.stream.storage.FileDriver;
import kithara.stream.storage.StorageResource;
import kithara.stream.storage.StorageSource;

/**
 * Sequential read of a 64 MiB file in 64 KiB reads: through SourceStream over a complete file-backed
 * StorageResource, against a raw FileChannel read of the same file (page cache warm for both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SourceStreamBench {

    static final int SIZE = 64 << 20;
    static final int READ = 64 << 10;

    private Path file;
    private FileChannel raw;
    private SourceStream stream;
    private final ByteBuffer buffer = ByteBuffer.allocate(READ);

    @Setup
    public void setup() throws IOException {
        file = Files.createTempFile("kithara-bench", ".bin");
        byte[] data = new byte[SIZE];
        new Random(1).nextBytes(data);
        Files.write(file, data);
        raw = FileChannel.open(file, StandardOpenOption.READ);
        StorageResource storage = new StorageResource("bench", new FileDriver(file));
        storage.writeAt(0, ByteBuffer.wrap(data));
        storage.commit(SIZE);
        stream = new SourceStream(StorageSource.complete(storage, MediaInfo.UNKNOWN), "bench", Duration.ofSeconds(5));
    }

    @TearDown
    public void teardown() throws IOException {
        stream.close();
        raw.close();
        Files.delete(file);
    }

    /** The reference: positional FileChannel reads. */
    @Benchmark
    public long rawFileChannel() throws IOException {
        long total = 0;
        for (long at = 0; ; ) {
            int n = raw.read(buffer.clear(), at);
            if (n < 0) {
                return total;
            }
            at += n;
            total += buffer.get(0);
        }
    }

    /** Ours: the decoder's view, with range checks, cursor publication and outcomes. */
    @Benchmark
    public long sourceStream() throws IOException {
        stream.seek(0);
        long total = 0;
        while (stream.read(buffer.clear()) >= 0) {
            total += buffer.get(0);
        }
        return total;
    }
}
