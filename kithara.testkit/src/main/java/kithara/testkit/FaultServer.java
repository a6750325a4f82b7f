package kithara.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An HTTP server on 127.0.0.1 for tests: serves byte arrays with full single-range support (206,
 * Content-Range, 416, HEAD, ETag, Last-Modified) and misbehaves on request as scripted per path with
 * {@link Fault}s. Every request is logged on arrival for assertions. Blocking writes on Jetty's pool threads
 * keep the fault logic linear; the pauses of STALL, THROTTLE and SLOW_HEADERS are real sleeps because
 * delaying bytes is the point.
 */
public final class FaultServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final String LAST_MODIFIED = "Sun, 22 Nov 2026 00:00:00 GMT";

    /** A served body and its validators. */
    private record Entry(byte[] body, String contentType, String etag) {
    }

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, Entry> content = new ConcurrentHashMap<>();
    private final Map<String, List<Fault>> faults = new ConcurrentHashMap<>();
    private final List<RequestRecord> log = new CopyOnWriteArrayList<>();

    private final String scheme;

    private FaultServer(Optional<TestCertificate> tls) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("fault-server");
        pool.setDaemon(true);
        server = new Server(pool);
        scheme = tls.isPresent() ? "https" : "http";
        connector = tls.isPresent() ? new ServerConnector(server, tls.get().serverTls()) : new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                FaultServer.this.handle(request, response, callback);
                return true;
            }
        });
        server.start();
    }

    /** Starts a server on a free loopback port. */
    public static FaultServer start() throws Exception {
        return new FaultServer(Optional.empty());
    }

    /** Starts an https server on a free loopback port, presenting {@code certificate}. */
    public static FaultServer startTls(TestCertificate certificate) throws Exception {
        return new FaultServer(Optional.of(certificate));
    }

    /** Returns the absolute URI of {@code path} on this server. */
    public URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + connector.getLocalPort() + path);
    }

    /** Serves {@code body} at {@code path} (replacing what was there: a new ETag). */
    public FaultServer serve(String path, byte[] body, String contentType) {
        content.put(path, new Entry(body.clone(), contentType, etagOf(body)));
        return this;
    }

    /** Scripts faults for {@code path}, added to those already scripted. */
    public FaultServer fault(String path, Fault... scripted) {
        faults.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).addAll(List.of(scripted));
        return this;
    }

    /** Removes every fault of every path. */
    public void clearFaults() {
        faults.clear();
    }

    /** Returns the requests received so far, oldest first. */
    public List<RequestRecord> requests() {
        return List.copyOf(log);
    }

    /** Returns the requests received so far for {@code path}. */
    public List<RequestRecord> requests(String path) {
        return log.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Returns the body bytes sent for {@code path} in all. */
    public long bodyBytesSent(String path) {
        return requests(path).stream().mapToLong(RequestRecord::bodyBytes).sum();
    }

    /** Stops the server. */
    @Override
    public void close() throws Exception {
        server.stop();
    }

    private void handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        Optional<String> range = Optional.ofNullable(request.getHeaders().get(HttpHeader.RANGE));
        List<Fault> active = new ArrayList<>();
        for (Fault f : faults.getOrDefault(path, List.of())) {
            if (f.take()) {
                active.add(f);
            }
        }
        Map<String, String> headers = new HashMap<>();
        request.getHeaders().forEach(f -> headers.merge(f.getLowerCaseName(), f.getValue(), (a, b) -> a + ", " + b));
        RequestRecord record = new RequestRecord(method, path, range, headers);
        log.add(record);
        Exchange x = new Exchange(method, path, range, response, active, record);
        try {
            x.respond(content.get(path));
            callback.succeeded();
        } catch (Throwable t) {
            callback.failed(t);
        }
    }

    /** One request being answered. */
    private final class Exchange {
        final String method;
        final String path;
        final Optional<String> range;
        final Response response;
        final List<Fault> active;
        final RequestRecord record;
        long sent;

        Exchange(String method, String path, Optional<String> range, Response response, List<Fault> active,
                 RequestRecord record) {
            this.method = method;
            this.path = path;
            this.range = range;
            this.response = response;
            this.active = active;
            this.record = record;
        }

        Optional<Fault> fault(Fault.Kind kind) {
            return active.stream().filter(f -> f.kind() == kind).findFirst();
        }

        void respond(Entry entry) throws Exception {
            Optional<Fault> slow = fault(Fault.Kind.SLOW_HEADERS);
            if (slow.isPresent()) {
                pause(slow.get().delay());
            }
            Optional<Fault> redirect = fault(Fault.Kind.REDIRECT);
            if (redirect.isPresent()) {
                response.getHeaders().put(HttpHeader.LOCATION, redirect.get().location());
                text(302, "text/plain", "moved to " + redirect.get().location());
                return;
            }
            Optional<Fault> status = fault(Fault.Kind.STATUS);
            if (entry == null || status.isPresent()) {
                text(status.map(Fault::status).orElse(404), "text/plain", "no content at " + path);
                return;
            }
            Optional<Fault> busy = fault(Fault.Kind.TOO_MANY_REQUESTS);
            if (busy.isPresent()) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(busy.get().delay().toSeconds()));
                text(429, "text/plain", "slow down");
                return;
            }
            if (fault(Fault.Kind.HTML_ERROR_PAGE).isPresent()) {
                text(200, "text/html", "<html><body><h1>Service temporarily unavailable</h1></body></html>");
                return;
            }
            long total = entry.body().length;
            long from = 0;
            long to = total;
            if (fault(Fault.Kind.IGNORE_RANGE).isEmpty()) {
                response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
            }
            response.getHeaders().put(HttpHeader.ETAG, entry.etag());
            response.getHeaders().put(HttpHeader.LAST_MODIFIED, LAST_MODIFIED);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, entry.contentType());
            if (range.isPresent() && fault(Fault.Kind.IGNORE_RANGE).isEmpty()) {
                Matcher m = RANGE.matcher(range.get().trim());
                long[] bounds = m.matches() ? bounds(m, total) : null;
                if (bounds == null) {
                    response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + total);
                    text(416, "text/plain", "unsatisfiable range " + range.get());
                    return;
                }
                long shift = fault(Fault.Kind.WRONG_CONTENT_RANGE).map(Fault::bytes).orElse(0L);
                from = Math.min(total, bounds[0] + shift);
                to = Math.min(total, bounds[1] + shift);
                record.status(206);
                response.setStatus(206);
                response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes " + from + "-" + (to - 1) + "/" + total);
            } else {
                record.status(200);
                response.setStatus(200);
            }
            if (fault(Fault.Kind.CHUNKED).isEmpty()) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, to - from);
            }
            if (!"HEAD".equals(method)) {
                body(entry.body(), (int) from, (int) (to - from));
            }
        }

        /** Returns [from, to) for a parsed range, or null when unsatisfiable. */
        private long[] bounds(Matcher m, long total) {
            String a = m.group(1);
            String b = m.group(2);
            if (a.isEmpty() && b.isEmpty()) {
                return null;
            }
            long from;
            long to;
            if (a.isEmpty()) {
                from = Math.max(0, total - Long.parseLong(b));
                to = total;
            } else {
                from = Long.parseLong(a);
                to = b.isEmpty() ? total : Math.min(total, Long.parseLong(b) + 1);
            }
            return from >= total || to <= from ? null : new long[] {from, to};
        }

        private void text(int code, String type, String text) throws Exception {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            record.status(code);
            response.setStatus(code);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            if (!"HEAD".equals(method)) {
                body(bytes, 0, bytes.length);
            }
        }

        private void body(byte[] bytes, int offset, int length) throws Exception {
            long limit = length;
            Optional<Fault> reset = fault(Fault.Kind.RESET_AFTER);
            Optional<Fault> truncate = fault(Fault.Kind.TRUNCATE);
            if (reset.isPresent()) {
                limit = Math.min(limit, reset.get().bytes());
            }
            if (truncate.isPresent()) {
                limit = Math.min(limit, truncate.get().bytes());
            }
            Optional<Fault> stall = fault(Fault.Kind.STALL);
            long rate = fault(Fault.Kind.THROTTLE).map(Fault::bytes).orElse(0L);
            int chunk = rate > 0 ? (int) Math.max(1, Math.min(16 * 1024, rate / 20)) : 16 * 1024;
            OutputStream out = Content.Sink.asOutputStream(response);
            long start = System.nanoTime();
            boolean stalled = false;
            while (sent < limit) {
                if (stall.isPresent() && !stalled && sent >= stall.get().bytes()) {
                    out.flush();
                    pause(stall.get().delay());
                    stalled = true;
                }
                long until = stall.isPresent() && !stalled ? Math.min(limit, stall.get().bytes()) : limit;
                int n = (int) Math.min(chunk, until - sent);
                if (n > 0) {
                    record.sent(n); // counted before the write, so the log is complete when the client sees the bytes
                    out.write(bytes, offset + (int) sent, n);
                    sent += n;
                }
                if (rate > 0) {
                    out.flush();
                    long due = start + sent * 1_000_000_000L / rate;
                    pause(Duration.ofNanos(due - System.nanoTime()));
                }
            }
            out.flush();
            if (sent < length) {
                throw new IOException("injected: connection dropped after " + sent + " of " + length + " bytes");
            }
            out.close();
        }
    }

    /** Delays the answer on purpose (the fault being simulated). */
    private static void pause(Duration d) throws InterruptedException {
        if (!d.isNegative() && !d.isZero()) {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
        }
    }

    private static String etagOf(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 8) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
