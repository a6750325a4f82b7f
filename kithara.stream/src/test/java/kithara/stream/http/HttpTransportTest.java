package kithara.stream.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.io.ClientConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import kithara.api.net.BandwidthSample;
import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.FetchPriority;
import kithara.api.net.FetchResponse;
import kithara.testkit.Fault;
import kithara.testkit.FaultServer;
import kithara.testkit.RequestRecord;

/** Every fault of the test server against the real transport: the exact bytes, or a typed error in time. */
class HttpTransportTest {

    private static final int SIZE = 300_000;
    private static final byte[] MEDIA = new byte[SIZE];
    private static final long BOUND_SECONDS = 30;

    private static FaultServer server;
    private static HttpTransport transport;
    private final List<BandwidthSample> samples = new CopyOnWriteArrayList<>();
    private String path;

    @BeforeAll
    static void start() throws Exception {
        new Random(1).nextBytes(MEDIA);
        server = FaultServer.start();
        transport = new HttpTransport(TransportConfig.DEFAULT.withIdleTimeout(Duration.ofMillis(500))
                .withRetry(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(2))));
    }

    @AfterAll
    static void stop() throws Exception {
        transport.close();
        server.close();
    }

    private static int counter;

    @BeforeEach
    void freshPath() {
        path = "/media/" + (++counter) + ".mp3";
        server.serve(path, MEDIA, "audio/mpeg");
    }

    private Collector fetch(long offset, OptionalLong length) {
        Collector c = new Collector();
        transport.fetch(new FetchCmd(server.uri(path), offset, length, FetchPriority.DEMAND, Map.of(), c),
                samples::add, () -> { });
        return c;
    }

    private static void assertExact(Collector c, long from, long to) throws Exception {
        assertEquals(to - from, c.done.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertArrayEquals(Arrays.copyOfRange(MEDIA, (int) from, (int) to), c.bytes(from, to));
    }

    private static FetchException assertFails(Collector c) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> c.done.get(BOUND_SECONDS, TimeUnit.SECONDS));
        FetchException f = assertInstanceOf(FetchException.class, e.getCause());
        assertTrue(f.getMessage().contains(f.uri().toString()), f.getMessage());
        return f;
    }

    @Test
    void wholeResourceWithoutRangeHeader() throws Exception {
        Collector c = fetch(0, OptionalLong.empty());
        assertExact(c, 0, SIZE);
        RequestRecord r = server.requests(path).get(0);
        assertEquals(Optional.empty(), r.range());
        FetchResponse head = c.responses.get(0);
        assertEquals(OptionalLong.of(SIZE), head.totalLength());
        assertTrue(head.acceptsRanges());
        assertTrue(head.etag().isPresent());
        assertFalse(samples.isEmpty(), "a bandwidth sample per attempt");
    }

    @Test
    void rangesAreAskedForAndDeliveredAtTheirOffsets() throws Exception {
        Collector c = fetch(1000, OptionalLong.of(4000));
        assertExact(c, 1000, 5000);
        assertEquals(Optional.of("bytes=1000-4999"), server.requests(path).get(0).range());
        assertEquals(1000, c.responses.get(0).bodyOffset());
        assertEquals(OptionalLong.of(SIZE), c.responses.get(0).totalLength());

        Collector open = fetch(SIZE - 100, OptionalLong.empty());
        assertExact(open, SIZE - 100, SIZE);
        assertEquals(Optional.of("bytes=299900-"), server.requests(path).get(1).range());
    }

    @Test
    void aResetConnectionResumesWhereTheBytesStopped() throws Exception {
        server.fault(path, Fault.resetAfter(50_000).times(2));
        Collector c = fetch(0, OptionalLong.empty());
        assertExact(c, 0, SIZE);
        List<RequestRecord> log = server.requests(path);
        assertEquals(3, log.size());
        assertTrue(log.get(1).range().orElseThrow().startsWith("bytes=" + log.get(0).bodyBytes() + "-"), log.toString());
        assertEquals(SIZE, log.stream().mapToLong(RequestRecord::bodyBytes).sum(), "no byte fetched twice");
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() throws Exception {
        server.fault(path, Fault.status(503).times(2));
        assertExact(fetch(0, OptionalLong.empty()), 0, SIZE);
        assertEquals(3, server.requests(path).size());
    }

    @Test
    void persistentServerErrorsEndInATypedError() {
        server.fault(path, Fault.status(503));
        FetchException f = assertFails(fetch(0, OptionalLong.empty()));
        assertEquals(FetchException.Reason.HTTP_STATUS, f.reason());
        assertEquals(OptionalInt.of(503), f.status());
        assertEquals(4, server.requests(path).size(), "maxAttempts");
    }

    @Test
    void clientErrorsAreNeverRetried() {
        server.fault(path, Fault.status(404));
        FetchException f = assertFails(fetch(0, OptionalLong.empty()));
        assertEquals(OptionalInt.of(404), f.status());
        assertFalse(f.isRetryable());
        assertEquals(1, server.requests(path).size());
    }

    @Test
    void tooManyRequestsWaitsAndRetries() throws Exception {
        server.fault(path, Fault.tooManyRequests(Duration.ofSeconds(1)).times(1));
        long start = System.nanoTime();
        assertExact(fetch(0, OptionalLong.empty()), 0, SIZE);
        assertEquals(2, server.requests(path).size());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(900), "Retry-After honoured");
    }

    @Test
    void aStallLongerThanTheIdleTimeoutIsRetried() throws Exception {
        server.fault(path, Fault.stall(10_000, Duration.ofSeconds(3)).times(1));
        Collector c = fetch(0, OptionalLong.empty());
        assertExact(c, 0, SIZE);
        assertEquals(2, server.requests(path).size());
    }

    @Test
    void slowHeadersAreRetried() throws Exception {
        server.fault(path, Fault.slowHeaders(Duration.ofSeconds(2)).times(1));
        assertExact(fetch(0, OptionalLong.empty()), 0, SIZE);
        assertTrue(server.requests(path).size() >= 2);
    }

    @Test
    void aThrottledBodyArrivesWhole() throws Exception {
        server.fault(path, Fault.throttle(1_000_000));
        assertExact(fetch(0, OptionalLong.of(200_000)), 0, 200_000);
    }

    @Test
    void aTruncatedBodyIsResumed() throws Exception {
        server.fault(path, Fault.truncate(123_456).times(1));
        assertExact(fetch(0, OptionalLong.empty()), 0, SIZE);
        assertEquals(Optional.of("bytes=123456-"), server.requests(path).get(1).range());
    }

    @Test
    void aWrongContentRangeIsATypedErrorAndNothingIsWritten() {
        server.fault(path, Fault.wrongContentRange(100));
        Collector c = fetch(5000, OptionalLong.of(1000));
        FetchException f = assertFails(c);
        assertEquals(FetchException.Reason.RANGE_MISMATCH, f.reason());
        assertTrue(f.getMessage().contains("bytes 5000-5999") && f.getMessage().contains("5100-6099"), f.getMessage());
        assertEquals(List.of(), c.storage.presentRanges(), "no byte at a wrong offset");
        assertEquals(1, server.requests(path).size());
    }

    @Test
    void anIgnoredRangeStillDeliversExactlyTheRangeAskedFor() throws Exception {
        server.fault(path, Fault.ignoreRange());
        Collector c = fetch(250_000, OptionalLong.of(10_000));
        assertExact(c, 250_000, 260_000);
        assertEquals(List.of(new kithara.api.source.ByteRange(250_000, 260_000)), c.storage.presentRanges());
        assertFalse(c.responses.get(0).acceptsRanges() && c.responses.get(0).status() == 206);
        assertEquals(200, c.responses.get(0).status());
        assertEquals(250_000, c.responses.get(0).bodyOffset());
    }

    @Test
    void anHtmlErrorPageIsNeverTakenForMedia() throws Exception {
        server.fault(path, Fault.htmlErrorPage().times(1));
        assertExact(fetch(0, OptionalLong.empty()), 0, SIZE);

        freshPath();
        server.fault(path, Fault.htmlErrorPage());
        Collector c = fetch(0, OptionalLong.empty());
        assertEquals(FetchException.Reason.UNEXPECTED_CONTENT, assertFails(c).reason());
        assertEquals(List.of(), c.storage.presentRanges());
    }

    /**
     * The origin changes while the first attempt runs, then the connection drops: the retry must not append
     * new bytes to old ones. Either the resumed attempt sees the new ETag and the fetch fails as
     * UNEXPECTED_CONTENT, or (when the drop came before any byte was delivered) one version arrives whole.
     */
    @Test
    void anOriginThatChangesMidDownloadIsNotMixed() throws Exception {
        byte[] changed = MEDIA.clone();
        for (int i = 0; i < changed.length; i += 1000) {
            changed[i] ^= 1;
        }
        server.fault(path, Fault.resetAfter(40_000).times(1));
        Collector c = fetch(0, OptionalLong.empty());
        c.onFirstData = () -> server.serve(path, changed, "audio/mpeg");
        try {
            c.done.get(BOUND_SECONDS, TimeUnit.SECONDS);
            byte[] got = c.bytes(0, SIZE);
            assertTrue(Arrays.equals(got, MEDIA) || Arrays.equals(got, changed), "one version, never a mix");
        } catch (ExecutionException e) {
            FetchException f = assertInstanceOf(FetchException.class, e.getCause());
            assertEquals(FetchException.Reason.UNEXPECTED_CONTENT, f.reason());
            assertTrue(f.getMessage().contains("origin changed"), f.getMessage());
        }
    }

    @Test
    void cancellingAbortsTheExchange() throws Exception {
        server.fault(path, Fault.throttle(20_000));
        Collector c = new Collector();
        Transfer t = transport.fetch(new FetchCmd(server.uri(path), 0, OptionalLong.empty(), FetchPriority.PREFETCH,
                Map.of(), c), s -> { }, () -> { });
        c.storage.waitRange(new kithara.api.source.ByteRange(0, 1), Duration.ofSeconds(BOUND_SECONDS));
        t.cancel();
        assertEquals(FetchException.Reason.CANCELLED, assertFails(c).reason());
    }

    @Test
    void refusedConnectionsEndInATypedError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Collector c = new Collector();
        URI nowhere = URI.create("http://127.0.0.1:" + port + "/a.mp3");
        transport.fetch(new FetchCmd(nowhere, 0, OptionalLong.empty(), FetchPriority.DEMAND, Map.of(), c), s -> { }, () -> { });
        FetchException f = assertFails(c);
        assertEquals(FetchException.Reason.CONNECT, f.reason());
        assertEquals(nowhere, f.uri());
    }

    @Test
    void redirectsAreFollowedButNotForever() throws Exception {
        server.serve("/moved" + path, new byte[0], "text/plain").fault("/moved" + path, Fault.redirect(path));
        Collector c = new Collector();
        transport.fetch(new FetchCmd(server.uri("/moved" + path), 0, OptionalLong.empty(), FetchPriority.DEMAND,
                Map.of(), c), s -> { }, () -> { });
        assertExact(c, 0, SIZE);

        server.serve("/loop" + path, new byte[0], "text/plain").fault("/loop" + path, Fault.redirect("/loop" + path));
        Collector looping = new Collector();
        transport.fetch(new FetchCmd(server.uri("/loop" + path), 0, OptionalLong.empty(), FetchPriority.DEMAND,
                Map.of(), looping), s -> { }, () -> { });
        FetchException f = assertFails(looping);
        assertEquals(FetchException.Reason.HTTP_STATUS, f.reason());
        assertFalse(f.isRetryable());
        assertEquals(TransportConfig.DEFAULT.maxRedirects() + 1, server.requests("/loop" + path).size());
    }

    @Test
    void aRedirectToAnotherOriginCarriesNoneOfTheCallersHeaders() throws Exception {
        try (FaultServer other = FaultServer.start()) {
            other.serve(path, MEDIA, "audio/mpeg");
            server.serve("/away" + path, new byte[0], "text/plain").fault("/away" + path,
                    Fault.redirect(other.uri(path).toString()));
            server.serve("/here" + path, new byte[0], "text/plain").fault("/here" + path, Fault.redirect(path));
            Map<String, String> secrets = Map.of("Authorization", "Bearer s3cret", "X-Api-Key", "k3y", "Cookie", "c=1");
            for (String from : List.of("/away", "/here")) {
                Collector c = new Collector();
                transport.fetch(new FetchCmd(server.uri(from + path), 0, OptionalLong.empty(), FetchPriority.DEMAND, secrets,
                        c), s -> { }, () -> { });
                assertExact(c, 0, SIZE);
            }
            Map<String, String> atOther = other.requests(path).get(0).headers();
            assertFalse(atOther.containsKey("authorization") || atOther.containsKey("x-api-key")
                    || atOther.containsKey("cookie"), "another origin got the caller's headers: " + atOther);
            assertEquals("identity", atOther.get("accept-encoding"), "protocol headers still go: " + atOther);
            Map<String, String> atHome = server.requests(path).get(0).headers();
            assertEquals("k3y", atHome.get("x-api-key"), "the same origin keeps them: " + atHome);
        }
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefusedUnlessAllowed() {
        RedirectPolicyClient strict = new RedirectPolicyClient(new ClientConnector(), false);
        var request = strict.newRequest(URI.create("https://cdn.test/a.mp3"));
        RedirectPolicyClient.RedirectRefused refused = assertThrows(RedirectPolicyClient.RedirectRefused.class,
                () -> strict.copyRequest(request, URI.create("http://cdn.test/a.mp3")));
        FetchException why = Failures.classify(URI.create("https://cdn.test/a.mp3"), refused);
        assertEquals(FetchException.Reason.REFUSED, why.reason());
        assertFalse(why.isRetryable());
        RedirectPolicyClient lenient = new RedirectPolicyClient(new ClientConnector(), true);
        assertEquals("http", lenient.copyRequest(lenient.newRequest(URI.create("https://cdn.test/a.mp3")),
                URI.create("http://cdn.test/a.mp3")).getURI().getScheme());
    }

    @Test
    void headTellsLengthRangesAndValidators() throws Exception {
        FetchResponse head = transport.head(server.uri(path), Map.of()).get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(OptionalLong.of(SIZE), head.totalLength());
        assertTrue(head.acceptsRanges());
        assertEquals(Optional.of("audio/mpeg"), head.contentType());
        assertEquals("HEAD", server.requests(path).get(0).method());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> transport.head(server.uri("/missing"), Map.of()).get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals(OptionalInt.of(404), assertInstanceOf(FetchException.class, e.getCause()).status());
    }
}
