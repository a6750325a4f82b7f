package kithara.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import kithara.api.source.StreamRequest;
import kithara.protocol.file.FileStreamType;
import kithara.stream.cache.internal.AssetCache;
import kithara.stream.download.HttpDownloader;
import kithara.stream.http.HttpTransport;
import kithara.stream.http.TransportConfig;
import kithara.stream.io.SourceStream;
import kithara.testkit.Fault;
import kithara.testkit.FaultServer;

/**
 * Seek latency of the file protocol: the time from a seek to an uncached position until its first byte is
 * readable, with the loopback server delaying every response head by a fixed time, compared with that delay.
 * 60 seeks per delay to positions at least 4 MiB from anything fetched; median and 90th percentile.
 *
 * <pre>java -cp kithara.bench/target/benchmarks.jar kithara.bench.SeekLatencyBench</pre>
 */
public final class SeekLatencyBench {

    private static final int SIZE = 512 << 20;
    private static final int SEEKS = 60;

    private SeekLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = new byte[SIZE];
        new Random(4).nextBytes(data);
        System.out.println("| injected delay per request | median seek → first byte | p90 | target (1.5 × delay + 5 ms) | met |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (int delayMs : new int[] {20, 50, 100}) {
            try (FaultServer server = FaultServer.start();
                 AssetCache cache = AssetCache.inMemory(Long.MAX_VALUE, Integer.MAX_VALUE, true);
                 HttpDownloader downloader = new HttpDownloader(new HttpTransport(TransportConfig.DEFAULT), 6)) {
                server.serve("/long.flac", data, "audio/flac").fault("/long.flac", Fault.slowHeaders(Duration.ofMillis(delayMs)));
                FileStreamType files = new FileStreamType(downloader, cache, 2L << 20, Duration.ofSeconds(30));
                double[] ms = new double[SEEKS];
                try (SourceStream in = new SourceStream(files.open(StreamRequest.of(server.uri("/long.flac"))), "bench",
                        Duration.ofSeconds(30))) {
                    in.read();
                    for (int i = 0; i < SEEKS; i++) {
                        long at = (long) (i + 1) * (SIZE / (SEEKS + 1)); // 8 MiB apart: never cached
                        long start = System.nanoTime();
                        in.seek(at);
                        int b = in.read();
                        ms[i] = (System.nanoTime() - start) / 1e6;
                        if (b != (data[(int) at] & 0xff)) {
                            throw new IllegalStateException("wrong byte at " + at);
                        }
                    }
                }
                Arrays.sort(ms);
                double median = ms[SEEKS / 2];
                double p90 = ms[SEEKS * 9 / 10];
                double target = 1.5 * delayMs + 5;
                System.out.println(String.format(Locale.ROOT, "| %d ms | %.1f ms | %.1f ms | %.1f ms | %s |", delayMs, median, p90,
                        target, median <= target ? "yes" : "no"));
            }
        }
    }
}
