package kithara.stream.cache.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Paths;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.FetchPriority;
import kithara.api.net.FetchResponse;
import kithara.api.net.FetchSink;
import kithara.stream.cache.AssetLease;
import kithara.stream.cache.Validators;
import kithara.stream.http.HttpTransport;
import kithara.stream.http.TransportConfig;

/**
 * The process {@link CrashResumeTest} kills: opens the cache, resumes the download of one URL from its first
 * missing byte, commits, prints {@code done}. Arguments: cache folder, URL.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[1]);
        try (AssetCache cache = AssetCache.onDisk(Paths.get(args[0]), Long.MAX_VALUE, Integer.MAX_VALUE, true);
             AssetLease lease = cache.open(cache.key(uri, ""));
             HttpTransport transport = new HttpTransport(TransportConfig.DEFAULT)) {
            long from = lease.storage().presentRanges().isEmpty() ? 0 : lease.storage().presentRanges().get(0).end();
            if (lease.isCommitted()) {
                started(from);
            } else {
                CompletableFuture<Long> done = new CompletableFuture<>();
                long[] total = {-1};
                transport.fetch(new FetchCmd(uri, from, OptionalLong.empty(), FetchPriority.DEMAND, Map.of(), new FetchSink() {
                    @Override
                    public void onResponse(FetchResponse response) throws IOException {
                        lease.revalidate(Validators.of(response));
                        total[0] = response.totalLength().orElse(-1);
                        started(from); // the response is here: the download begins now
                    }

                    @Override
                    public void onData(long offset, ByteBuffer chunk) throws IOException {
                        lease.storage().writeAt(offset, chunk);
                    }

                    @Override
                    public void onComplete(long bytes) {
                        done.complete(bytes);
                    }

                    @Override
                    public void onFailure(FetchException failure) {
                        done.completeExceptionally(failure);
                    }
                }), s -> { }, () -> { });
                done.get();
                lease.commit(total[0]);
            }
            System.out.println("done");
            System.out.flush();
        }
    }

    /** Tells the parent that bytes are about to flow; its kill timer starts here. */
    private static void started(long from) {
        System.out.println("started at " + from);
        System.out.flush();
    }
}
