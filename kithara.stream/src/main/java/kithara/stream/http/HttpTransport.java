package kithara.stream.http;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import kithara.api.net.BandwidthSample;
import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.FetchResponse;

/**
 * HTTP on one Jetty {@link HttpClient}: streamed GETs with validated ranges and retries ({@link Transfer}),
 * and HEAD. Bodies are never buffered whole; Jetty's own buffer pool supplies the chunks. Media must keep
 * its byte offsets, so no content decoding is negotiated ({@code Accept-Encoding: identity}).
 *
 * <p>Threads: Jetty's pool ({@code kithara-http-*}) runs the network I/O and the sinks; its scheduler runs
 * timeouts and retry delays. {@link #close()} aborts every exchange and ends both.
 */
public final class HttpTransport implements AutoCloseable {

    private final TransportConfig config;
    private HttpClient client; // guarded by this; started on the first request
    private boolean closed; // guarded by this

    /**
     * Prepares a client with {@code config}. Jetty's client (its threads) starts on the first request, so that a
     * process reading only local files never pays for it; its TLS context and trust store (a third of a second) on
     * the first secure connection ({@link LazyTlsConnector}).
     */
    public HttpTransport(TransportConfig config) {
        this.config = config;
    }

    /**
     * The client; starts it on first use. Once closed, the stopped client, on which every request fails.
     *
     * @throws Unavailable when the transport is closed, or its proxy or trust store cannot be used
     */
    private synchronized HttpClient client() {
        if (client == null) {
            if (closed) {
                throw new Unavailable(FetchException.Reason.CANCELLED, "the HTTP transport is closed", null);
            }
            if (!config.proxy().problem().isEmpty()) {
                throw new Unavailable(FetchException.Reason.CONNECT, config.proxy().problem(), null);
            }
            QueuedThreadPool pool = new QueuedThreadPool(32, 2);
            pool.setName("kithara-http");
            pool.setDaemon(true);
            HttpClient c = new RedirectPolicyClient(new LazyTlsConnector(), config.allowHttpsToHttp());
            c.setSslContextFactory(tls());
            if (config.proxy().isSet()) {
                c.getProxyConfiguration().addProxy(new ConfiguredProxy(config.proxy()));
            }
            c.setExecutor(pool);
            c.setScheduler(new ScheduledExecutorScheduler("kithara-http-scheduler", true));
            c.setConnectTimeout(config.connectTimeout().toMillis());
            c.setIdleTimeout(config.idleTimeout().toMillis());
            c.setFollowRedirects(config.maxRedirects() > 0);
            c.setMaxRedirects(config.maxRedirects());
            c.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, config.userAgent()));
            c.getContentDecoderFactories().clear();
            try {
                c.start();
            } catch (Exception e) {
                throw new Unavailable(FetchException.Reason.IO, "the HTTP client cannot start: " + e, e);
            }
            client = c;
        }
        return client;
    }

    /** TLS as configured: the server's certificate checked against the trust store, and its name against the URI. */
    private SslContextFactory.Client tls() {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        try {
            config.trustStore().load().ifPresent(tls::setTrustStore);
        } catch (IOException e) {
            throw new Unavailable(FetchException.Reason.TLS, e.getMessage(), e);
        }
        return tls;
    }

    /**
     * Starts fetching {@code cmd}; its sink gets the response, the data and the outcome.
     *
     * @param onSample receives a throughput sample after each attempt that delivered bytes; must not block
     * @param onDone   runs once after the sink's final call; must not block
     * @return the running transfer, which can be cancelled
     */
    public Transfer fetch(FetchCmd cmd, Consumer<BandwidthSample> onSample, Runnable onDone) {
        Transfer t = new Transfer(this, cmd, onSample, onDone);
        t.start();
        return t;
    }

    /**
     * Asks for the head of {@code uri} (HEAD, redirects followed).
     *
     * @return completes with the response head, or exceptionally with a {@link FetchException}
     */
    public CompletableFuture<FetchResponse> head(URI uri, Map<String, String> headers) {
        CompletableFuture<FetchResponse> result = new CompletableFuture<>();
        Request request;
        try {
            request = newRequest(uri, headers);
        } catch (Unavailable e) {
            result.completeExceptionally(new FetchException(uri, e.reason(), OptionalInt.empty(), false, e.getMessage(), e));
            return result;
        }
        request.method(HttpMethod.HEAD).send(r -> {
            if (r.isFailed()) {
                result.completeExceptionally(Failures.classify(uri, r.getFailure()));
                return;
            }
            int status = r.getResponse().getStatus();
            if (status / 100 != 2) {
                result.completeExceptionally(new FetchException(uri, FetchException.Reason.HTTP_STATUS,
                        OptionalInt.of(status), Failures.isRetryableStatus(status), "HEAD", null));
            } else {
                result.complete(ResponseHeads.of(r.getResponse(), 0, false));
            }
        });
        return result;
    }

    Request newRequest(URI uri, Map<String, String> headers) {
        Request request = client().newRequest(uri)
                .headers(h -> {
                    headers.forEach(h::put);
                    h.put(HttpHeader.ACCEPT_ENCODING, "identity");
                })
                .idleTimeout(config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!config.totalTimeout().isZero()) {
            request.timeout(config.totalTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        return request;
    }

    TransportConfig config() {
        return config;
    }

    org.eclipse.jetty.util.thread.Scheduler scheduler() {
        return client().getScheduler();
    }

    /** Why no request can start: the transport is closed, or its configuration cannot be used. */
    static final class Unavailable extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final FetchException.Reason reason;

        Unavailable(FetchException.Reason reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        FetchException.Reason reason() {
            return reason;
        }
    }

    /** The configured HTTP proxy, used for every host except those {@link ProxySettings} reaches directly. */
    private static final class ConfiguredProxy extends HttpProxy {
        private final ProxySettings settings;

        ConfiguredProxy(ProxySettings settings) {
            super(settings.host(), settings.port());
            this.settings = settings;
        }

        @Override
        public boolean matches(Origin origin) {
            // the proxy's own address is reached directly: the CONNECT that opens a tunnel goes there
            return !getAddress().equals(origin.getAddress()) && !settings.reachesDirectly(origin.getAddress().getHost());
        }
    }

    /** Aborts every exchange and stops the client's threads. */
    @Override
    public void close() throws Exception {
        HttpClient started;
        synchronized (this) {
            closed = true;
            started = client;
        }
        if (started != null) {
            started.stop();
        }
    }
}
