package kithara.stream.http;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Scheduler;

import kithara.api.net.BandwidthSample;
import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.FetchException.Reason;
import kithara.api.net.FetchResponse;
import kithara.api.net.FetchSink;

/**
 * One {@link FetchCmd} carried out: attempts, each a streamed GET whose response is validated before any
 * byte reaches the sink, and retries after retryable failures that resume where the data stopped. The body
 * is read chunk by chunk with Jetty's demand: the next chunk is asked for only after the sink has taken the
 * current one.
 *
 * <p>What the sink gets: the resource's exact bytes at their true offsets, or one {@link FetchException}
 * naming the URI and the cause. A 206 whose Content-Range does not start at the requested offset is
 * rejected before any byte is delivered; a 200 to a range request is accepted by discarding the bytes
 * before the offset; an HTML page where media was asked for is rejected; an origin whose ETag changes
 * between attempts is rejected rather than mixed.
 */
public final class Transfer {

    private final HttpTransport transport;
    private final FetchCmd cmd;
    private final FetchSink sink;
    private final Consumer<BandwidthSample> onSample;
    private final Runnable onDone;

    private final Object lock = new Object();
    private Request current;
    private Scheduler.Task retryTask;
    private boolean cancelled;
    private boolean finished;
    private int attempt;
    private Optional<String> firstEtag = Optional.empty();

    // State of the running attempt: written by that attempt's callbacks, which Jetty runs one at a time.
    private long delivered;
    private volatile FetchException rejection;
    private volatile Optional<Duration> retryAfter = Optional.empty();
    private volatile boolean satisfied;
    private long skip;
    private long attemptBytes;
    private long attemptStart;

    Transfer(HttpTransport transport, FetchCmd cmd, Consumer<BandwidthSample> onSample, Runnable onDone) {
        this.transport = transport;
        this.cmd = cmd;
        this.sink = cmd.sink();
        this.onSample = onSample;
        this.onDone = onDone;
    }

    /** Returns the command being carried out. */
    public FetchCmd command() {
        return cmd;
    }

    void start() {
        attempt();
    }

    private void attempt() {
        try {
            send();
        } catch (HttpTransport.Unavailable unavailable) { // closed, or configured with what cannot be used
            finish(failure(unavailable.reason(), OptionalInt.empty(), false, unavailable.getMessage(), unavailable));
        }
    }

    private void send() {
        Request request;
        synchronized (lock) {
            retryTask = null;
            if (cancelled || finished) {
                return;
            }
            attempt++;
            rejection = null;
            retryAfter = Optional.empty();
            satisfied = false;
            skip = 0;
            attemptBytes = 0;
            attemptStart = System.nanoTime();
            long from = cmd.offset() + delivered;
            OptionalLong left = cmd.length().isPresent()
                    ? OptionalLong.of(cmd.length().getAsLong() - delivered) : OptionalLong.empty();
            boolean ranged = from > 0 || left.isPresent();
            request = transport.newRequest(cmd.uri(), cmd.headers());
            if (ranged) {
                String last = left.isPresent() ? Long.toString(from + left.getAsLong() - 1) : "";
                request.headers(h -> h.put(HttpHeader.RANGE, "bytes=" + from + "-" + last));
            }
            request.onResponseContentSource((response, source) -> onResponse(response, source, from, left, ranged));
            current = request;
        }
        request.send(this::onComplete);
    }

    private void onResponse(Response response, Content.Source source, long from, OptionalLong left, boolean ranged) {
        FetchException bad = validate(response, from, left, ranged);
        if (bad == null) {
            FetchResponse head = ResponseHeads.of(response, from, ranged && response.getStatus() == 206);
            if (firstEtag.isPresent() && head.etag().isPresent() && !firstEtag.equals(head.etag())) {
                bad = failure(Reason.UNEXPECTED_CONTENT, OptionalInt.of(response.getStatus()), false,
                        "the origin changed during the download (ETag " + firstEtag.get() + " became "
                                + head.etag().get() + ")", null);
            } else {
                if (firstEtag.isEmpty()) {
                    firstEtag = head.etag();
                }
                try {
                    sink.onResponse(head);
                } catch (IOException | RuntimeException e) {
                    bad = failure(Reason.SINK, OptionalInt.of(response.getStatus()), false, "sink refused the response", e);
                }
            }
        }
        if (bad != null) {
            rejection = bad;
            response.abort(bad);
            return;
        }
        pump(response, source);
    }

    /** Returns why the response head is unacceptable, or null; sets the bytes to skip for an ignored range. */
    private FetchException validate(Response response, long from, OptionalLong left, boolean ranged) {
        int status = response.getStatus();
        if (status / 100 != 2) {
            retryAfter = ResponseHeads.retryAfter(response.getHeaders());
            return failure(Reason.HTTP_STATUS, OptionalInt.of(status), Failures.isRetryableStatus(status),
                    "bytes from " + from, null);
        }
        String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/html")) {
            return failure(Reason.UNEXPECTED_CONTENT, OptionalInt.of(status), true,
                    "an HTML page (" + type + ") instead of the media", null);
        }
        if (status == 206) {
            Optional<ResponseHeads.ContentRange> range = ResponseHeads.contentRange(response.getHeaders());
            if (range.isEmpty()) {
                return failure(Reason.RANGE_MISMATCH, OptionalInt.of(status), false,
                        "206 without a valid Content-Range: " + response.getHeaders().get(HttpHeader.CONTENT_RANGE), null);
            }
            ResponseHeads.ContentRange r = range.get();
            boolean tooLong = left.isPresent() && r.last() + 1 > from + left.getAsLong();
            if (r.first() != from || tooLong) {
                return failure(Reason.RANGE_MISMATCH, OptionalInt.of(status), false, "asked for bytes " + from + "-"
                        + (left.isPresent() ? from + left.getAsLong() - 1 : "") + ", got Content-Range "
                        + response.getHeaders().get(HttpHeader.CONTENT_RANGE), null);
            }
            return null;
        }
        if (status == 200) {
            skip = ranged ? from : 0;
            return null;
        }
        return failure(Reason.HTTP_STATUS, OptionalInt.of(status), false, "unexpected status for a GET", null);
    }

    /** Reads chunks while they are available, then asks Jetty to call again when more arrive. */
    private void pump(Response response, Content.Source source) {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(() -> pump(response, source));
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                return; // the exchange fails; onComplete reports it
            }
            try {
                deliver(chunk.getByteBuffer());
            } catch (IOException | RuntimeException e) {
                rejection = failure(Reason.SINK, OptionalInt.of(response.getStatus()), false,
                        "sink failed at offset " + (cmd.offset() + delivered), e);
                response.abort(rejection);
                return;
            } finally {
                chunk.release();
            }
            if (satisfied && !chunk.isLast()) {
                response.abort(new CancellationException("all requested bytes received"));
                return;
            }
            if (chunk.isLast()) {
                return;
            }
        }
    }

    private void deliver(ByteBuffer buffer) throws IOException {
        if (skip > 0) {
            int dropped = (int) Math.min(skip, buffer.remaining());
            buffer.position(buffer.position() + dropped);
            skip -= dropped;
        }
        if (cmd.length().isPresent()) {
            long wanted = cmd.length().getAsLong() - delivered;
            if (buffer.remaining() > wanted) {
                buffer.limit(buffer.position() + (int) wanted);
            }
        }
        int n = buffer.remaining();
        if (n == 0) {
            return;
        }
        sink.onData(cmd.offset() + delivered, buffer);
        delivered += n;
        attemptBytes += n;
        if (cmd.length().isPresent() && delivered >= cmd.length().getAsLong()) {
            satisfied = true;
        }
    }

    private void onComplete(Result result) {
        reportSample();
        boolean bodyEnded = result.isSucceeded() && rejection == null;
        if (satisfied || (bodyEnded && cmd.length().isEmpty())) {
            finish(null);
            return;
        }
        FetchException failure;
        synchronized (lock) {
            if (cancelled) {
                failure = failure(Reason.CANCELLED, OptionalInt.empty(), false, "cancelled", null);
            } else if (bodyEnded) {
                failure = failure(Reason.LENGTH_MISMATCH, OptionalInt.of(result.getResponse().getStatus()), true,
                        "the body ended after " + delivered + " of " + cmd.length().getAsLong() + " bytes", null);
            } else {
                failure = rejection != null ? rejection : Failures.classify(cmd.uri(), result.getFailure());
            }
        }
        RetryPolicy.Decision decision = failure.reason() == Reason.CANCELLED ? new RetryPolicy.Decision.Fail()
                : transport.config().retry().decide(attempt, failure, retryAfter);
        if (decision instanceof RetryPolicy.Decision.Retry retry) {
            synchronized (lock) {
                if (!cancelled) {
                    retryTask = transport.scheduler().schedule(this::attempt, retry.delay().toNanos(), TimeUnit.NANOSECONDS);
                    return;
                }
            }
            failure = failure(Reason.CANCELLED, OptionalInt.empty(), false, "cancelled", null);
        }
        finish(failure);
    }

    private void reportSample() {
        long elapsed = System.nanoTime() - attemptStart;
        if (attemptBytes > 0 && elapsed > 0) {
            onSample.accept(new BandwidthSample(cmd.uri(), attemptBytes, Duration.ofNanos(elapsed)));
        }
    }

    private FetchException failure(Reason reason, OptionalInt status, boolean retryable, String detail, Throwable cause) {
        return new FetchException(cmd.uri(), reason, status, retryable, detail + " (attempt " + attempt + ")", cause);
    }

    /**
     * Cancels the transfer: the running exchange is aborted or the pending retry dropped, and the sink gets
     * {@code onFailure(CANCELLED)} unless it already had its final call. Idempotent; never blocks.
     */
    public void cancel() {
        Request request;
        Scheduler.Task task;
        synchronized (lock) {
            if (cancelled || finished) {
                return;
            }
            cancelled = true;
            request = current;
            task = retryTask;
        }
        if (task != null && task.cancel()) {
            finish(failure(Reason.CANCELLED, OptionalInt.empty(), false, "cancelled", null));
        } else if (request != null) {
            request.abort(new CancellationException("cancelled"));
        }
    }

    private void finish(FetchException failure) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
        }
        try {
            if (failure == null) {
                sink.onComplete(delivered);
            } else {
                sink.onFailure(failure);
            }
        } finally {
            onDone.run();
        }
    }

    /** Returns the URI, for logs. */
    public URI uri() {
        return cmd.uri();
    }

    @Override
    public String toString() {
        return "Transfer[" + cmd.uri() + " @" + cmd.offset() + ", " + cmd.priority() + ", attempt " + attempt + "]";
    }
}
