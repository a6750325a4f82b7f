package kithara.stream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.FetchPriority;
import kithara.testkit.FaultServer;
import kithara.testkit.TestCertificate;

/**
 * The enterprise network: requests go through the configured HTTP proxy except to the hosts configured as direct, and
 * https servers are checked against the configured trust store. Real servers on different loopback ports: the origin,
 * the proxy (a server that answers requests for the origin, as a caching proxy does), and an https origin with a
 * self-signed certificate.
 */
class ProxyAndTrustTest {

    private static final byte[] BODY = "the bytes of /a.mp3".getBytes(StandardCharsets.US_ASCII);
    private static final long BOUND_SECONDS = 30;

    @TempDir
    static Path folder;
    private static FaultServer origin;
    private static FaultServer proxy;
    private static FaultServer tlsOrigin;
    private static TestCertificate certificate;

    @BeforeAll
    static void start() throws Exception {
        origin = FaultServer.start().serve("/a.mp3", BODY, "audio/mpeg");
        proxy = FaultServer.start().serve("/a.mp3", BODY, "audio/mpeg");
        certificate = TestCertificate.create(folder);
        tlsOrigin = FaultServer.startTls(certificate).serve("/a.mp3", BODY, "audio/mpeg");
    }

    @AfterAll
    static void stop() throws Exception {
        origin.close();
        proxy.close();
        tlsOrigin.close();
    }

    private static ProxySettings proxyAt(FaultServer server, String... directHosts) {
        return ProxySettings.parse("127.0.0.1:" + server.uri("/").getPort(), List.of(directHosts));
    }

    /** Fetches {@code /a.mp3} of {@code server} with {@code config}; returns the outcome. */
    private static Collector fetch(TransportConfig config, FaultServer server) throws Exception {
        try (HttpTransport transport = new HttpTransport(config)) {
            Collector c = new Collector();
            transport.fetch(new FetchCmd(server.uri("/a.mp3"), 0, OptionalLong.empty(), FetchPriority.DEMAND, Map.of(), c),
                    s -> { }, () -> { });
            try {
                c.done.get(BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException failed) {
                // the caller looks at the outcome
            }
            return c;
        }
    }

    private static FetchException failure(Collector c) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> c.done.get(0, TimeUnit.SECONDS));
        return assertInstanceOf(FetchException.class, e.getCause());
    }

    @Test
    void requestsGoThroughTheProxyWithTheOriginNamed() throws Exception {
        int before = origin.requests().size();
        Collector c = fetch(TransportConfig.DEFAULT.withProxy(proxyAt(proxy)), origin);
        assertEquals(BODY.length, c.done.get());
        assertEquals(before, origin.requests().size(), "nothing reached the origin directly");
        String host = proxy.requests("/a.mp3").get(0).headers().get("host");
        assertEquals("127.0.0.1:" + origin.uri("/").getPort(), host, "the proxy was asked for the origin");
    }

    @Test
    void directHostsBypassTheProxy() throws Exception {
        int before = proxy.requests().size();
        Collector c = fetch(TransportConfig.DEFAULT.withProxy(proxyAt(proxy, "localhost,127.0.0.1")), origin);
        assertEquals(BODY.length, c.done.get());
        assertEquals(before, proxy.requests().size(), "the proxy saw nothing");
        assertTrue(origin.requests("/a.mp3").size() > 0);
    }

    @Test
    void httpsGoesThroughTheProxyAsATunnel() throws Exception {
        // a proxy that reads the request line and refuses: enough to see what the client asked of it
        try (ServerSocket refusingProxy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> requestLine = CompletableFuture.supplyAsync(() -> {
                try (Socket s = refusingProxy.accept()) {
                    String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
                    s.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ProxySettings settings = ProxySettings.parse("127.0.0.1:" + refusingProxy.getLocalPort(), List.of());
            failure(fetch(TransportConfig.DEFAULT.withProxy(settings), tlsOrigin));
            String origin = "127.0.0.1:" + tlsOrigin.uri("/").getPort();
            assertTrue(requestLine.get(BOUND_SECONDS, TimeUnit.SECONDS).startsWith("CONNECT " + origin + " "),
                    requestLine.get() + " for " + origin);
        }
    }

    @Test
    void anUntrustedCertificateIsATypedTlsError() throws Exception {
        FetchException f = failure(fetch(TransportConfig.DEFAULT, tlsOrigin));
        assertEquals(FetchException.Reason.TLS, f.reason(), f.getMessage());
        assertTrue(f.getMessage().contains(tlsOrigin.uri("/a.mp3").toString()), f.getMessage());
    }

    @Test
    void theConfiguredTrustStoreVouchesForTheServer() throws Exception {
        TrustStore store = TrustStore.of(certificate.trustStore().toString(), "PKCS12", certificate.password());
        Collector c = fetch(TransportConfig.DEFAULT.withTrustStore(store), tlsOrigin);
        assertEquals(BODY.length, c.done.get());
    }

    @Test
    void anUnreadableTrustStoreFailsEveryFetchNamingIt() throws Exception {
        TrustStore wrongPassword = TrustStore.of(certificate.trustStore().toString(), "PKCS12", "not-it");
        FetchException f = failure(fetch(TransportConfig.DEFAULT.withTrustStore(wrongPassword), tlsOrigin));
        assertEquals(FetchException.Reason.TLS, f.reason());
        assertTrue(f.getMessage().contains(certificate.trustStore().toString()), f.getMessage());
        assertTrue(!f.isRetryable());
    }

    @Test
    void aProxySettingThatCannotBeUsedFailsEveryFetchNamingItAndNeverGoesAround() throws Exception {
        int before = origin.requests().size();
        FetchException f = failure(fetch(TransportConfig.DEFAULT.withProxy(ProxySettings.unusable("proxy: not 'x'")), origin));
        assertEquals(FetchException.Reason.CONNECT, f.reason());
        assertTrue(f.getMessage().contains("proxy: not 'x'"), f.getMessage());
        assertEquals(before, origin.requests().size(), "nothing went around the proxy");
    }

    @Test
    void proxyAddressesAreValidated() {
        assertEquals(ProxySettings.NONE, ProxySettings.parse(" ", List.of("x")));
        ProxySettings p = ProxySettings.parse("http://proxy.corp:3128", List.of(".corp.example, 10.0.0.7", "[::1]"));
        assertEquals("proxy.corp", p.host());
        assertEquals(3128, p.port());
        assertTrue(p.reachesDirectly("a.b.corp.example") && p.reachesDirectly("corp.example"));
        assertTrue(p.reachesDirectly("10.0.0.7") && p.reachesDirectly("[::1]"));
        assertTrue(!p.reachesDirectly("example.com") && !p.reachesDirectly("xcorp.example"));
        for (String bad : List.of("proxy.corp", "proxy.corp:99999", "socks5://proxy:1080", "proxy:3128/path", "::1:80")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProxySettings.parse(bad, List.of()));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        assertEquals(Optional.empty(), TrustStore.of("", "PKCS12", "").path());
    }
}
