package kithara.bench;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
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

import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.FetchPriority;
import kithara.api.net.FetchResponse;
import kithara.api.net.FetchSink;
import kithara.api.net.Peer;
import kithara.api.net.PeerHandle;
import kithara.stream.download.HttpDownloader;
import kithara.stream.http.HttpTransport;
import kithara.stream.http.TransportConfig;
import kithara.testkit.FaultServer;

/**
 * A 64 MiB download over loopback from the same server into a byte array: through the Downloader (peer,
 * scheduling loop, transfer with validation), against a plain Jetty HttpClient GET reading the same
 * content source.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class DownloadBench {

    static final int SIZE = 64 << 20;

    private FaultServer server;
    private HttpClient plain;
    private HttpDownloader downloader;
    private final byte[] target = new byte[SIZE];

    @Setup
    public void setup() throws Exception {
        byte[] data = new byte[SIZE];
        new Random(2).nextBytes(data);
        server = FaultServer.start();
        server.serve("/big.bin", data, "application/octet-stream");
        plain = new HttpClient();
        plain.getContentDecoderFactories().clear();
        plain.start();
        downloader = new HttpDownloader(new HttpTransport(TransportConfig.DEFAULT), 6);
    }

    @TearDown
    public void teardown() throws Exception {
        downloader.close();
        plain.stop();
        server.close();
    }

    /** The reference: Jetty's client, demand-driven content source, copy into the array. */
    @Benchmark
    public long plainJettyClient() throws Exception {
        CompletableFuture<Long> done = new CompletableFuture<>();
        long[] at = {0};
        plain.newRequest(server.uri("/big.bin")).headers(h -> h.put(HttpHeader.ACCEPT_ENCODING, "identity"))
                .onResponseContentSource((response, source) -> read(response, source, at))
                .send(result -> {
                    if (result.isFailed()) {
                        done.completeExceptionally(result.getFailure());
                    } else {
                        done.complete(at[0]);
                    }
                });
        return done.get(60, TimeUnit.SECONDS);
    }

    private void read(Response response, Content.Source source, long[] at) {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(() -> read(response, source, at));
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                return;
            }
            ByteBuffer b = chunk.getByteBuffer();
            int n = b.remaining();
            b.get(target, (int) at[0], n);
            at[0] += n;
            chunk.release();
            if (chunk.isLast()) {
                return;
            }
        }
    }

    /** Ours: the same bytes through the Downloader service's implementation. */
    @Benchmark
    public long downloader() throws Exception {
        CompletableFuture<Long> done = new CompletableFuture<>();
        FetchSink sink = new FetchSink() {
            @Override
            public void onResponse(FetchResponse response) {
            }

            @Override
            public void onData(long offset, ByteBuffer chunk) {
                chunk.get(target, (int) offset, chunk.remaining());
            }

            @Override
            public void onComplete(long bytes) {
                done.complete(bytes);
            }

            @Override
            public void onFailure(FetchException failure) {
                done.completeExceptionally(failure);
            }
        };
        FetchCmd cmd = new FetchCmd(server.uri("/big.bin"), 0, OptionalLong.empty(), FetchPriority.DEMAND, Map.of(), sink);
        boolean[] given = {false};
        try (PeerHandle handle = downloader.register(new Peer() {
            @Override
            public synchronized List<FetchCmd> poll(int max) {
                if (given[0]) {
                    return List.of();
                }
                given[0] = true;
                return List.of(cmd);
            }

            @Override
            public String describe() {
                return "bench";
            }
        })) {
            return done.get(60, TimeUnit.SECONDS);
        }
    }
}
