package kithara.protocol.hls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kithara.api.net.Downloader;
import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.FetchPriority;
import kithara.api.net.FetchResponse;
import kithara.api.net.FetchSink;
import kithara.api.net.Peer;
import kithara.api.net.PeerHandle;
import kithara.api.source.ByteRange;
import kithara.api.source.SourceException;

/**
 * A body fetched whole into memory through the shared Downloader, with a size cap: playlists, keys, and segments
 * of a stream without a cache.
 */
final class SmallFetch implements FetchSink {

    private final URI uri;
    private final long cap;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private volatile URI from;
    final CompletableFuture<Fetched> done = new CompletableFuture<>();

    /**
     * A body fetched whole.
     *
     * @param body the bytes
     * @param uri  where they came from after redirects: what relative URIs in them resolve against
     */
    record Fetched(byte[] body, URI uri) {
    }

    SmallFetch(URI uri, long cap) {
        this.uri = uri;
        this.from = uri;
        this.cap = cap;
    }

    /** Returns the command that fills this sink. */
    FetchCmd command(Optional<ByteRange> range, FetchPriority priority, Map<String, String> headers) {
        return new FetchCmd(uri, range.map(ByteRange::start).orElse(0L),
                range.map(r -> OptionalLong.of(r.length())).orElse(OptionalLong.empty()), priority, headers, this);
    }

    /** Notes where the body comes from; a retried attempt resumes exactly where the kept bytes end. */
    @Override
    public void onResponse(FetchResponse response) {
        from = response.uri();
    }

    @Override
    public void onData(long offset, ByteBuffer chunk) throws IOException {
        if (body.size() + chunk.remaining() > cap) {
            throw new IOException(uri + " is larger than " + cap + " bytes");
        }
        byte[] b = new byte[chunk.remaining()];
        chunk.get(b);
        body.write(b);
    }

    @Override
    public void onComplete(long bytes) {
        done.complete(new Fetched(body.toByteArray(), from));
    }

    @Override
    public void onFailure(FetchException failure) {
        done.completeExceptionally(failure);
    }

    /**
     * Fetches {@code uri} whole with DEMAND priority and waits for it.
     *
     * @throws SourceException naming the URI, with the fetch failure as the cause, or TIMED_OUT
     */
    static Fetched get(Downloader downloader, URI uri, Map<String, String> headers, long cap, Duration timeout)
            throws IOException {
        CompletableFuture<Fetched> done = start(downloader, uri, headers, cap);
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new SourceException(SourceException.Reason.FAILED, uri.toString(), Optional.empty(), e.getCause());
        } catch (TimeoutException e) {
            throw new SourceException(SourceException.Reason.TIMED_OUT, uri.toString(), Optional.empty(),
                    new IOException("no answer within " + timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted fetching " + uri);
        } finally {
            done.cancel(false);
        }
    }

    /**
     * Starts fetching {@code uri} whole with DEMAND priority through a peer of its own, closed when the body is
     * complete, failed or the returned future is cancelled.
     */
    static CompletableFuture<Fetched> start(Downloader downloader, URI uri, Map<String, String> headers, long cap) {
        SmallFetch sink = new SmallFetch(uri, cap);
        FetchCmd cmd = sink.command(Optional.empty(), FetchPriority.DEMAND, headers);
        boolean[] given = {false};
        PeerHandle handle = downloader.register(new Peer() {
            @Override
            public synchronized List<FetchCmd> poll(int max) {
                if (given[0] || max <= 0) {
                    return List.of();
                }
                given[0] = true;
                return List.of(cmd);
            }

            @Override
            public String describe() {
                return uri.toString();
            }
        });
        sink.done.whenComplete((bytes, failure) -> handle.close());
        return sink.done;
    }
}
