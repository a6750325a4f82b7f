package kithara.stream.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import kithara.api.net.BandwidthSample;
import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.FetchPriority;
import kithara.api.net.FetchResponse;
import kithara.api.net.FetchSink;
import kithara.api.net.Peer;
import kithara.api.net.PeerHandle;
import kithara.stream.http.HttpTransport;
import kithara.stream.http.RetryPolicy;
import kithara.stream.http.TransportConfig;
import kithara.testkit.Fault;
import kithara.testkit.FaultServer;
import kithara.testkit.RequestRecord;

class DownloaderTest {

    private static final byte[] MEDIA = new byte[64 * 1024];
    private static final long BOUND = 30;
    private static FaultServer server;

    private HttpDownloader downloader;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        new Random(3).nextBytes(MEDIA);
        server = FaultServer.start();
        for (int i = 0; i < 20; i++) {
            server.serve("/fast/" + i, MEDIA, "audio/mp4");
            server.serve("/slow/" + i, MEDIA, "audio/mp4").fault("/slow/" + i, Fault.throttle(256 * 1024));
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void closeDownloader() throws Exception {
        if (downloader != null) {
            downloader.close();
        }
    }

    private HttpDownloader downloader(int maxInFlight) throws Exception {
        downloader = new HttpDownloader(new HttpTransport(TransportConfig.DEFAULT
                .withRetry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(100)))), maxInFlight);
        return downloader;
    }

    /** A sink that counts concurrency, keeps the bytes and completes a future. */
    private final class Sink implements FetchSink {
        final byte[] bytes = new byte[MEDIA.length];
        final CompletableFuture<Long> done = new CompletableFuture<>();
        final CompletableFuture<Void> started = new CompletableFuture<>();
        private boolean counted;

        @Override
        public void onResponse(FetchResponse response) {
            if (!counted) {
                counted = true;
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            }
            started.complete(null);
        }

        @Override
        public void onData(long offset, ByteBuffer chunk) {
            chunk.get(bytes, (int) offset, chunk.remaining());
        }

        @Override
        public void onComplete(long n) {
            release();
            done.complete(n);
        }

        @Override
        public void onFailure(FetchException failure) {
            release();
            done.completeExceptionally(failure);
        }

        private void release() {
            if (counted) {
                running.decrementAndGet();
            }
        }
    }

    /** A peer handing out the commands a test gives it, in order. */
    private static final class ScriptedPeer implements Peer {
        private final String name;
        private final ArrayDeque<FetchCmd> commands = new ArrayDeque<>();
        final List<BandwidthSample> samples = new CopyOnWriteArrayList<>();

        ScriptedPeer(String name) {
            this.name = name;
        }

        synchronized void add(FetchCmd cmd) {
            commands.add(cmd);
        }

        @Override
        public synchronized List<FetchCmd> poll(int max) {
            List<FetchCmd> out = new ArrayList<>();
            while (out.size() < max && !commands.isEmpty()) {
                out.add(commands.poll());
            }
            return out;
        }

        @Override
        public void onBandwidthSample(BandwidthSample sample) {
            samples.add(sample);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    private Sink command(ScriptedPeer peer, String path, FetchPriority priority) {
        Sink sink = new Sink();
        peer.add(new FetchCmd(server.uri(path), 0, OptionalLong.empty(), priority, Map.of(), sink));
        return sink;
    }

    private List<String> arrivalOrder(List<String> paths) {
        List<String> order = new ArrayList<>();
        for (RequestRecord r : server.requests()) {
            if (paths.contains(r.path())) {
                order.add(r.path());
            }
        }
        return order;
    }

    @Test
    void fetchesForSeveralPeersAndReportsBandwidth() throws Exception {
        downloader(6);
        List<Sink> sinks = new ArrayList<>();
        List<ScriptedPeer> peers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            ScriptedPeer peer = new ScriptedPeer("peer" + p);
            peers.add(peer);
            for (int i = 0; i < 3; i++) {
                sinks.add(command(peer, "/fast/" + (p * 3 + i), FetchPriority.PREFETCH));
            }
            downloader.register(peer);
        }
        for (Sink s : sinks) {
            assertEquals(MEDIA.length, s.done.get(BOUND, TimeUnit.SECONDS));
            assertArrayEquals(MEDIA, s.bytes);
        }
        for (ScriptedPeer peer : peers) {
            assertEquals(3, peer.samples.size(), "one sample per fetch, to its own peer");
        }
    }

    @Test
    void neverRunsMoreThanTheInFlightLimit() throws Exception {
        downloader(2);
        ScriptedPeer peer = new ScriptedPeer("p");
        List<Sink> sinks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sinks.add(command(peer, "/slow/" + i, FetchPriority.PREFETCH));
        }
        downloader.register(peer);
        for (Sink s : sinks) {
            assertEquals(MEDIA.length, s.done.get(BOUND, TimeUnit.SECONDS));
        }
        assertEquals(2, maxRunning.get());
    }

    @Test
    void demandFromAnyPeerOvertakesQueuedPrefetch() throws Exception {
        downloader(1);
        ScriptedPeer reader = new ScriptedPeer("prefetching");
        Sink first = command(reader, "/slow/10", FetchPriority.PREFETCH);
        Sink second = command(reader, "/fast/11", FetchPriority.PREFETCH);
        downloader.register(reader);
        first.started.get(BOUND, TimeUnit.SECONDS);
        ScriptedPeer seeker = new ScriptedPeer("seeking");
        Sink urgent = command(seeker, "/fast/13", FetchPriority.DEMAND);
        downloader.register(seeker);
        for (Sink s : List.of(first, second, urgent)) {
            s.done.get(BOUND, TimeUnit.SECONDS);
        }
        assertEquals(List.of("/slow/10", "/fast/13", "/fast/11"),
                arrivalOrder(List.of("/slow/10", "/fast/11", "/fast/13")));
    }

    @Test
    void peersWithWorkOfTheSamePriorityTakeTurns() throws Exception {
        downloader(1);
        ScriptedPeer a = new ScriptedPeer("a");
        List<Sink> sinks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sinks.add(command(a, "/slow/" + (14 + i), FetchPriority.PREFETCH));
        }
        downloader.register(a);
        sinks.get(0).started.get(BOUND, TimeUnit.SECONDS);
        ScriptedPeer b = new ScriptedPeer("b");
        sinks.add(command(b, "/fast/17", FetchPriority.PREFETCH));
        downloader.register(b);
        for (Sink s : sinks) {
            s.done.get(BOUND, TimeUnit.SECONDS);
        }
        assertEquals(List.of("/slow/14", "/fast/17", "/slow/15", "/slow/16"),
                arrivalOrder(List.of("/slow/14", "/slow/15", "/slow/16", "/fast/17")));
    }

    @Test
    void closingAHandleCancelsItsFetches() throws Exception {
        downloader(1);
        ScriptedPeer peer = new ScriptedPeer("p");
        Sink runningSink = command(peer, "/slow/18", FetchPriority.PREFETCH);
        Sink queuedSink = command(peer, "/slow/19", FetchPriority.PREFETCH);
        PeerHandle handle = downloader.register(peer);
        runningSink.started.get(BOUND, TimeUnit.SECONDS);
        handle.close();
        for (Sink s : List.of(runningSink, queuedSink)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> s.done.get(BOUND, TimeUnit.SECONDS));
            assertEquals(FetchException.Reason.CANCELLED, assertInstanceOf(FetchException.class, e.getCause()).reason());
        }
    }

    @Test
    void closingTheDownloaderEndsItsThreads() throws Exception {
        downloader(2);
        ScriptedPeer peer = new ScriptedPeer("p");
        Sink slow = command(peer, "/slow/0", FetchPriority.PREFETCH);
        downloader.register(peer);
        slow.started.get(BOUND, TimeUnit.SECONDS);
        downloader.close();
        downloader = null;
        assertThrows(ExecutionException.class, () -> slow.done.get(BOUND, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.startsWith("kithara-")).toList();
            if (left.isEmpty()) {
                break;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        assertEquals(List.of(), left);
    }

    @Test
    void aPeerThatThrowsDoesNotStopTheOthers() throws Exception {
        downloader(2);
        downloader.register(new Peer() {
            @Override
            public List<FetchCmd> poll(int max) {
                throw new IllegalStateException("broken peer");
            }

            @Override
            public String describe() {
                return "broken";
            }
        });
        ScriptedPeer ok = new ScriptedPeer("ok");
        Sink s = command(ok, "/fast/19", FetchPriority.DEMAND);
        downloader.register(ok);
        assertEquals(MEDIA.length, s.done.get(BOUND, TimeUnit.SECONDS));
        assertNotEquals(0, Arrays.hashCode(s.bytes));
    }

    @Test
    void aCommandHandedOverAfterAStartRunsWhileASlotIsFree() throws Exception {
        downloader(2);
        server.serve("/trickle", MEDIA, "audio/mp4").fault("/trickle", Fault.throttle(1024)); // about a minute
        Sink trickle = new Sink();
        Sink next = new Sink();
        List<FetchCmd> script = new ArrayList<>(List.of(
                new FetchCmd(server.uri("/trickle"), 0, OptionalLong.empty(), FetchPriority.PREFETCH, Map.of(), trickle),
                new FetchCmd(server.uri("/fast/2"), 0, OptionalLong.empty(), FetchPriority.PREFETCH, Map.of(), next)));
        downloader.register(new Peer() {
            @Override
            public synchronized List<FetchCmd> poll(int max) {
                // one command per poll: the second is handed over only when polled after the first started
                return script.isEmpty() ? List.of() : List.of(script.remove(0));
            }

            @Override
            public String describe() {
                return "one-per-poll";
            }
        });
        assertEquals(MEDIA.length, next.done.get(BOUND, TimeUnit.SECONDS));
        assertFalse(trickle.done.isDone(), "the first fetch still runs: the second did not wait for its slot");
    }

    /** Hundreds of streams wake the downloader many times a second: each wake must cost one poll, not one per peer. */
    @Test
    void aWakePollsOnlyThePeerThatWoke() throws Exception {
        downloader(4);
        List<CountingPeer> idle = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            CountingPeer peer = new CountingPeer("idle" + i);
            idle.add(peer);
            downloader.register(peer);
        }
        CountingPeer waker = new CountingPeer("waker");
        PeerHandle handle = downloader.register(waker);
        for (CountingPeer peer : idle) {
            assertTrue(peer.polled.tryAcquire(BOUND, TimeUnit.SECONDS), peer.describe() + " is polled when it registers");
        }
        assertTrue(waker.polled.tryAcquire(BOUND, TimeUnit.SECONDS));

        for (int i = 0; i < 20; i++) {
            handle.wake();
            assertTrue(waker.polled.tryAcquire(BOUND, TimeUnit.SECONDS), "a wake polls the peer that woke");
        }

        for (CountingPeer peer : idle) {
            assertEquals(0, peer.polled.availablePermits(), peer.describe() + " was not polled again");
        }
    }

    /** A peer that never has work, and counts how often it is asked. */
    private static final class CountingPeer implements Peer {
        private final String name;
        final Semaphore polled = new Semaphore(0);

        CountingPeer(String name) {
            this.name = name;
        }

        @Override
        public List<FetchCmd> poll(int max) {
            polled.release();
            return List.of();
        }

        @Override
        public String describe() {
            return name;
        }
    }
}
