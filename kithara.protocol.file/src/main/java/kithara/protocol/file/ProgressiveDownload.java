package kithara.protocol.file;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kithara.api.event.KitharaEvent;
import kithara.api.media.MediaInfo;
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
import kithara.api.source.SourcePhase;
import kithara.api.source.Timeline;
import kithara.stream.cache.AssetLease;
import kithara.stream.cache.Validators;
import kithara.stream.storage.Listeners;
import kithara.stream.storage.StorageResource;
import kithara.stream.storage.StorageSource;

/**
 * One remote file being downloaded into its cache lease, shared by every reader of the URL. One sequential
 * fetch runs at a time, from the first missing byte at or after the furthest reader: it stops when it runs
 * into stored bytes or gets more than the look-ahead ahead of the readers, and is started again when they
 * move. A reader waiting for bytes the running fetch will not reach soon (a seek) moves the download there
 * at once with DEMAND priority. Servers that ignore Range get one sequential stream that is never stopped.
 */
final class ProgressiveDownload implements Peer {

    /** A wait this close ahead of the running fetch is left to it. */
    private static final long DEMAND_SLACK = 256 * 1024;
    private static final long PROGRESS_EVERY = 1 << 20;

    private final URI uri;
    private final Map<String, String> headers;
    private final AssetLease lease;
    private final StorageResource storage;
    private final long lookAhead;
    private final Listeners listeners = new Listeners();
    private final CompletableFuture<FetchResponse> firstResponse = new CompletableFuture<>();
    private final Runnable onLastReaderGone;
    private PeerHandle handle;

    // Guarded by this.
    private final List<Timeline> readers = new ArrayList<>();
    private int openers;
    private ByteRange pendingDemand;
    private Fetch current;
    private Boolean rangesSupported;
    private Optional<String> contentType = Optional.empty();
    private boolean finished;
    private boolean failed;
    /** Bytes written since the last progress event, whatever their offsets (a reader may start at the tail). */
    private long bytesSinceProgress;

    ProgressiveDownload(URI uri, Map<String, String> headers, AssetLease lease, long lookAhead, Runnable onLastReaderGone) {
        this.uri = uri;
        this.headers = headers;
        this.lease = lease;
        this.storage = lease.storage();
        this.lookAhead = lookAhead;
        this.onLastReaderGone = onLastReaderGone;
        this.finished = lease.isCommitted();
    }

    /** Registers with the downloader unless the file is complete in the cache (then no network is used at all). */
    void start(Downloader downloader) {
        if (finished) {
            firstResponse.complete(null);
            listeners.publishState(new KitharaEvent.DownloadComplete(uri, storage.length().orElse(0))); // from the cache
            return;
        }
        handle = downloader.register(this);
    }

    /**
     * Waits until the length is known or the first response failed.
     *
     * @throws SourceException FAILED with the fetch failure (naming the URL), or TIMED_OUT
     */
    private void awaitFirstResponse(Duration timeout) throws IOException {
        if (storage.length().isPresent()) {
            return;
        }
        try {
            FetchResponse head = firstResponse.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (head != null) {
                synchronized (this) {
                    contentType = head.contentType();
                }
            }
        } catch (ExecutionException e) {
            throw new SourceException(SourceException.Reason.FAILED, uri.toString(), Optional.empty(), e.getCause());
        } catch (TimeoutException e) {
            throw new SourceException(SourceException.Reason.TIMED_OUT, uri.toString(), Optional.empty(),
                    new IOException("no response within " + timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted opening " + uri);
        }
    }

    /** Where the bytes came from after redirects: known once the first response arrived, never for a cached file. */
    private Optional<URI> location() {
        FetchResponse head = firstResponse.isDone() && !firstResponse.isCompletedExceptionally() ? firstResponse.join() : null;
        return head == null ? Optional.empty() : Optional.of(head.uri());
    }

    /** Returns a new reader's view; closing it releases the reader (the last one ends the download). */
    private synchronized StorageSource newReader() {
        MediaInfo info = MediaTypes.guess(uri, contentType);
        Timeline[] own = new Timeline[1];
        StorageSource source = new StorageSource(storage, info, this::demand, this::wake, listeners, () -> release(own[0]),
                this::location);
        own[0] = source.timeline();
        readers.add(own[0]);
        return source;
    }

    private void release(Timeline reader) {
        boolean idle;
        synchronized (this) {
            readers.remove(reader);
            idle = isIdle();
        }
        if (idle) {
            onLastReaderGone.run();
        }
    }

    /** Counts one more caller of {@link #open}; called while the download is found or created. */
    synchronized void join() {
        openers++;
    }

    /**
     * Waits for the first response and returns a reader for a caller that {@link #join joined}. When it fails and
     * nobody else reads or waits, the download ends (so a failed URL is fetched again by the next open).
     */
    StorageSource open(Duration timeout) throws IOException {
        try {
            awaitFirstResponse(timeout);
        } catch (IOException | RuntimeException e) {
            boolean idle;
            synchronized (this) {
                openers--;
                idle = isIdle();
            }
            if (idle) {
                onLastReaderGone.run();
            }
            throw e;
        }
        synchronized (this) {
            openers--;
            return newReader();
        }
    }

    /** Whether nobody reads or waits to read. */
    synchronized boolean isIdle() {
        return readers.isEmpty() && openers == 0;
    }

    private void demand(ByteRange range) {
        synchronized (this) {
            pendingDemand = range;
        }
        wake();
    }

    private void wake() {
        if (handle != null) {
            handle.wake();
        }
    }

    private synchronized long furthestReader() {
        long max = 0;
        for (Timeline t : readers) {
            max = Math.max(max, t.readPosition());
        }
        return max;
    }

    @Override
    public synchronized List<FetchCmd> poll(int max) {
        if (finished || failed || max <= 0) {
            return List.of();
        }
        ByteRange demanded = pendingDemand;
        pendingDemand = null;
        boolean rangesWork = !Boolean.FALSE.equals(rangesSupported);
        if (demanded != null && rangesWork && storage.phaseAt(new ByteRange(demanded.start(), demanded.start() + 1)) == SourcePhase.WAITING) {
            boolean servedByCurrent = current != null && demanded.start() >= current.from
                    && demanded.start() <= current.position + DEMAND_SLACK;
            if (!servedByCurrent) {
                if (current != null) {
                    current.stopped = true;
                }
                current = new Fetch(demanded.start(), FetchPriority.DEMAND);
                return List.of(current.command());
            }
        }
        if (current != null) {
            return List.of();
        }
        if (!rangesWork) {
            current = new Fetch(0, FetchPriority.PREFETCH); // one stream from the start, never stopped
            return List.of(current.command());
        }
        long reader = furthestReader();
        OptionalLong start = firstMissing(reader);
        boolean mustAsk = !firstResponse.isDone(); // the length is learned from a response
        if (start.isEmpty() || (!mustAsk && start.getAsLong() - reader > lookAhead)) {
            return List.of(); // complete, or far enough ahead: wait for the readers
        }
        current = new Fetch(start.getAsLong(), FetchPriority.PREFETCH);
        return List.of(current.command());
    }

    /** Returns the first absent byte at or after {@code from}, else the first absent byte at all. */
    private OptionalLong firstMissing(long from) {
        long end = storage.length().orElse(Long.MAX_VALUE / 2);
        for (long at : new long[] {Math.min(from, end), 0}) {
            List<ByteRange> gaps = storage.gaps(new ByteRange(at, end));
            if (!gaps.isEmpty()) {
                return OptionalLong.of(gaps.get(0).start());
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public String describe() {
        return uri.toString();
    }

    private void publish(KitharaEvent event) {
        listeners.publish(event);
    }

    /** Thrown from a sink to end its fetch on purpose: it ran into stored bytes, ahead too far, or was replaced. */
    private static final class StopFetch extends IOException {
        private static final long serialVersionUID = 1L;

        StopFetch(String why) {
            super(why);
        }
    }

    /** One sequential fetch from {@code from} to the end (or until stopped). */
    private final class Fetch implements FetchSink {
        final long from;
        final FetchPriority priority;
        volatile long position;
        volatile boolean stopped;

        Fetch(long from, FetchPriority priority) {
            this.from = from;
            this.priority = priority;
            this.position = from;
        }

        FetchCmd command() {
            return new FetchCmd(uri, from, OptionalLong.empty(), priority, headers, this);
        }

        @Override
        public void onResponse(FetchResponse response) throws IOException {
            if (lease.revalidate(Validators.of(response))) {
                publish(new KitharaEvent.DownloadError(uri, "ORIGIN_CHANGED",
                        "the origin changed since it was cached; the old bytes were dropped", true));
            }
            synchronized (ProgressiveDownload.this) {
                contentType = response.contentType();
                // Ranges work when a range was honoured (206), or when the server says so for a plain request.
                boolean works = response.status() == 206 || (from == 0 && response.acceptsRanges());
                if (!works && !Boolean.FALSE.equals(rangesSupported)) {
                    rangesSupported = false;
                    listeners.publishState(new KitharaEvent.RangesUnsupported(uri));
                    if (from > 0) {
                        stopped = true; // restart as the one stream from byte 0
                    }
                } else if (rangesSupported == null) {
                    rangesSupported = works;
                }
            }
            if (response.totalLength().isPresent() && storage.length().isEmpty()) {
                storage.commit(response.totalLength().getAsLong());
            }
            position = response.bodyOffset();
            firstResponse.complete(response);
        }

        @Override
        public void onData(long offset, ByteBuffer chunk) throws IOException {
            if (stopped) {
                throw new StopFetch("replaced by another fetch");
            }
            int n = chunk.remaining();
            if (!Boolean.FALSE.equals(rangesSupported)) {
                if (offset > from && storage.phaseAt(ByteRange.ofLength(offset, n)) == SourcePhase.READY) {
                    throw new StopFetch("reached bytes already stored at " + offset);
                }
                if (offset - furthestReader() > lookAhead + DEMAND_SLACK) {
                    throw new StopFetch("look-ahead reached at " + offset);
                }
            }
            storage.writeAt(offset, chunk);
            position = offset + n;
            bytesSinceProgress += n;
            if (bytesSinceProgress >= PROGRESS_EVERY) {
                bytesSinceProgress = 0;
                publish(new KitharaEvent.DownloadProgress(uri, storedBytes(), storage.length()));
            }
        }

        @Override
        public void onComplete(long bytes) {
            try {
                if (storage.length().isEmpty()) {
                    storage.commit(position); // unknown length (chunked): the end is where the body ended
                }
                if (storage.isComplete()) {
                    lease.commit(storage.length().getAsLong());
                    synchronized (ProgressiveDownload.this) {
                        finished = true;
                    }
                    // a lasting fact: a reader that subscribes after a fast download still learns it
                    listeners.publishState(new KitharaEvent.DownloadComplete(uri, storage.length().getAsLong()));
                }
            } catch (IOException | RuntimeException e) {
                onFailure(new FetchException(uri, FetchException.Reason.SINK, java.util.OptionalInt.empty(), false,
                        "cannot commit: " + e.getMessage(), e));
                return;
            }
            done();
        }

        @Override
        public void onFailure(FetchException failure) {
            if (failure.getCause() instanceof StopFetch || failure.reason() == FetchException.Reason.CANCELLED) {
                done();
                return;
            }
            firstResponse.completeExceptionally(failure);
            publish(new KitharaEvent.DownloadError(uri, failure.reason().name(), String.valueOf(failure.getMessage()), false));
            synchronized (ProgressiveDownload.this) {
                failed = true;
            }
            storage.fail(failure);
            done();
        }

        private void done() {
            synchronized (ProgressiveDownload.this) {
                if (current == this) {
                    current = null;
                }
            }
            wake();
        }
    }

    private long storedBytes() {
        return storage.presentRanges().stream().mapToLong(ByteRange::length).sum();
    }

    /** Ends the download and releases the lease; called once nobody reads or waits. */
    void end() throws IOException {
        if (handle != null) {
            handle.close();
        }
        lease.close();
    }
}
