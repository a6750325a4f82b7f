package kithara.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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

import kithara.api.source.ReadOutcome;
import kithara.stream.storage.FileDriver;
import kithara.stream.storage.MemoryDriver;
import kithara.stream.storage.StorageDriver;
import kithara.stream.storage.StorageResource;

/** StorageResource write-then-read throughput: 64 MiB written in 64 KiB chunks, committed, read back. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StorageBench {

    static final int SIZE = 64 << 20;
    static final int CHUNK = 64 << 10;

    @Param({"memory", "file"})
    public String driver;

    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    private final ByteBuffer read = ByteBuffer.allocate(CHUNK);
    private Path dir;

    @Setup
    public void setup() throws IOException {
        dir = Files.createTempDirectory("kithara-bench");
        for (int i = 0; i < CHUNK; i++) {
            chunk.put(i, (byte) i);
        }
    }

    @TearDown
    public void teardown() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** Writes and reads back 64 MiB; returns a checksum so nothing is optimised away. */
    @Benchmark
    public long writeThenRead64MiB() throws IOException {
        Path file = dir.resolve("resource.bin");
        StorageDriver d = driver.equals("memory") ? new MemoryDriver("bench") : new FileDriver(file);
        long sum = 0;
        try (StorageResource r = new StorageResource("bench", d)) {
            for (long at = 0; at < SIZE; at += CHUNK) {
                r.writeAt(at, chunk.clear());
            }
            r.commit(SIZE);
            for (long at = 0; at < SIZE; ) {
                ReadOutcome o = r.readAt(at, read.clear());
                at += ((ReadOutcome.Bytes) o).count();
                sum += read.get(0);
            }
        }
        Files.deleteIfExists(file);
        return sum;
    }
}
