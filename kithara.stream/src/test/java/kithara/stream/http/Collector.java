package kithara.stream.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import kithara.api.net.FetchException;
import kithara.api.net.FetchResponse;
import kithara.api.net.FetchSink;
import kithara.stream.storage.MemoryDriver;
import kithara.stream.storage.StorageResource;

/** A sink writing into a memory {@link StorageResource}, recording responses and the outcome. */
final class Collector implements FetchSink {

    final StorageResource storage = new StorageResource("collector", new MemoryDriver("collector"));
    final List<FetchResponse> responses = new CopyOnWriteArrayList<>();
    final CompletableFuture<Long> done = new CompletableFuture<>();
    volatile Runnable onFirstData = () -> { };

    @Override
    public void onResponse(FetchResponse response) {
        responses.add(response);
    }

    @Override
    public void onData(long offset, ByteBuffer chunk) throws IOException {
        Runnable first = onFirstData;
        onFirstData = () -> { };
        first.run();
        storage.writeAt(offset, chunk);
    }

    @Override
    public void onComplete(long bytes) {
        done.complete(bytes);
    }

    @Override
    public void onFailure(FetchException failure) {
        done.completeExceptionally(failure);
    }

    /** Returns the bytes stored in [from, to), asserting they are all present. */
    byte[] bytes(long from, long to) throws IOException {
        byte[] out = new byte[(int) (to - from)];
        ByteBuffer dst = ByteBuffer.wrap(out);
        while (dst.hasRemaining()) {
            if (!(storage.readAt(from + dst.position(), dst) instanceof kithara.api.source.ReadOutcome.Bytes)) {
                throw new AssertionError("bytes missing at " + (from + dst.position()) + ": " + storage.presentRanges());
            }
        }
        return out;
    }
}
