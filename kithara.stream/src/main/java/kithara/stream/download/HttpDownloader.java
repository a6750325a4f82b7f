package kithara.stream.download;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.OptionalInt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.net.BandwidthSample;
import kithara.api.net.Downloader;
import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.FetchPriority;
import kithara.api.net.Peer;
import kithara.api.net.PeerHandle;
import kithara.stream.http.HttpTransport;
import kithara.stream.http.Transfer;

/**
 * The {@link Downloader}: one scheduling loop on one thread ({@code kithara-downloader}) pulls commands from
 * the peers that may have new ones (registered, woken, or one of their fetches started or ended: never every peer
 * at every wake, so hundreds of streams cost no more per wake than one), holding at most {@code maxInFlight}
 * commands not yet started per peer, and starts them on the {@link HttpTransport} while fewer than
 * {@code maxInFlight} run. Every queued DEMAND,
 * from any peer, starts before any queued PREFETCH; among peers with work of the same priority, the one with
 * the fewest running fetches goes first, in round-robin order. Commands a peer has not handed over yet stay
 * its own: it returns its most urgent first when polled. Every piece of scheduling state is
 * touched only by the loop thread; transfers report back by posting to it.
 */
public final class HttpDownloader implements Downloader, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDownloader.class);

    private final HttpTransport transport;
    private final int maxInFlight;
    private final ExecutorService loop;
    private final AtomicBoolean pumpQueued = new AtomicBoolean();
    /** Peers to poll at the next pump, each once however often it asked. */
    private final Queue<Registration> toPoll = new ConcurrentLinkedQueue<>();
    private final AtomicLong received = new AtomicLong();
    private volatile Stats snapshot = new Stats(0, 0, 0, 0);

    // Loop-thread state.
    private final List<Registration> peers = new ArrayList<>();
    private int inFlight;
    private int roundRobin;
    private boolean closed;

    /**
     * @param transport   the HTTP transport; owned by the downloader from now on
     * @param maxInFlight fetches running at once over all peers, {@code >= 1}
     */
    public HttpDownloader(HttpTransport transport, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight < 1: " + maxInFlight);
        }
        this.transport = transport;
        this.maxInFlight = maxInFlight;
        this.loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kithara-downloader");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public PeerHandle register(Peer peer) {
        Registration registration = new Registration(peer);
        post(() -> {
            if (closed) {
                registration.cancelAll();
            } else {
                peers.add(registration);
                registration.askToBePolled();
                pump();
            }
        });
        return registration;
    }

    /** Runs {@code task} on the loop thread; dropped once the downloader is closed. */
    private void post(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("downloader closed; dropping a task");
        }
    }

    /** Asks for one pump; wakes arriving while one is queued share it. */
    private void wakeUp() {
        if (pumpQueued.compareAndSet(false, true)) {
            post(() -> {
                pumpQueued.set(false);
                pump();
            });
        }
    }

    /**
     * Pulls commands from the peers that asked and starts what the limit allows, pulling again from each peer one of
     * whose commands started, so that its queue holds the next ones. It ends on a start that found nothing to do, so
     * no queued command is left waiting for a free slot: a peer may hand over commands only when polled a second time
     * (an HLS stream opening a new period).
     */
    private void pump() {
        if (closed) {
            return;
        }
        pollAsked();
        while (startQueued()) {
            pollAsked();
        }
        int queued = 0;
        for (Registration r : peers) {
            queued += r.demand.size() + r.prefetch.size();
        }
        snapshot = new Stats(peers.size(), inFlight, queued, received.get());
    }

    @Override
    public Stats stats() {
        Stats s = snapshot;
        return new Stats(s.peers(), s.running(), s.queued(), received.get());
    }

    private void pollAsked() {
        for (Registration r = toPoll.poll(); r != null; r = toPoll.poll()) {
            r.asked.set(false);
            r.pollCommands();
        }
    }

    /** Starts queued commands while the limit allows; returns whether it started any. */
    private boolean startQueued() {
        boolean started = false;
        while (inFlight < maxInFlight) {
            Registration next = choose(FetchPriority.DEMAND);
            FetchPriority priority = FetchPriority.DEMAND;
            if (next == null) {
                next = choose(FetchPriority.PREFETCH);
                priority = FetchPriority.PREFETCH;
            }
            if (next == null) {
                break;
            }
            next.start(priority);
            started = true;
        }
        return started;
    }

    /** Returns the peer to serve next at {@code priority}: fewest running fetches, then round-robin order. */
    private Registration choose(FetchPriority priority) {
        Registration best = null;
        int bestIndex = -1;
        int n = peers.size();
        for (int k = 0; k < n; k++) {
            int index = (roundRobin + k) % n;
            Registration r = peers.get(index);
            if (r.hasQueued(priority) && (best == null || r.running.size() < best.running.size())) {
                best = r;
                bestIndex = index;
            }
        }
        if (best != null) {
            roundRobin = bestIndex + 1;
        }
        return best;
    }

    /**
     * Cancels every peer's fetches, stops the HTTP client and ends the loop thread; waits up to 10 s for it.
     * Idempotent.
     */
    @Override
    public void close() throws Exception {
        post(() -> {
            closed = true;
            for (Registration r : List.copyOf(peers)) {
                r.cancelAll();
            }
        });
        loop.shutdown();
        try {
            transport.close();
        } finally {
            if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                loop.shutdownNow();
            }
        }
    }

    /** One peer's registration: its queued commands and running transfers. */
    private final class Registration implements PeerHandle {
        private final Peer peer;
        private final ArrayDeque<FetchCmd> demand = new ArrayDeque<>();
        private final ArrayDeque<FetchCmd> prefetch = new ArrayDeque<>();
        private final Set<Transfer> running = new HashSet<>();
        /** Whether it waits in {@link #toPoll}. */
        private final AtomicBoolean asked = new AtomicBoolean();
        private boolean cancelled;

        Registration(Peer peer) {
            this.peer = peer;
        }

        /** Has the next pump poll this peer. */
        void askToBePolled() {
            if (asked.compareAndSet(false, true)) {
                toPoll.add(this);
            }
        }

        void pollCommands() {
            int room = maxInFlight - demand.size() - prefetch.size();
            if (room <= 0 || cancelled) {
                return;
            }
            List<FetchCmd> commands;
            try {
                commands = peer.poll(room);
            } catch (RuntimeException e) {
                LOG.warn("peer {} failed to give commands", peer.describe(), e);
                return;
            }
            for (FetchCmd c : commands) {
                (c.priority() == FetchPriority.DEMAND ? demand : prefetch).add(c);
            }
        }

        boolean hasQueued(FetchPriority priority) {
            return !(priority == FetchPriority.DEMAND ? demand : prefetch).isEmpty();
        }

        void start(FetchPriority priority) {
            FetchCmd cmd = (priority == FetchPriority.DEMAND ? demand : prefetch).poll();
            inFlight++;
            Transfer[] self = new Transfer[1];
            self[0] = transport.fetch(cmd, this::sample, () -> post(() -> {
                inFlight--;
                running.remove(self[0]);
                askToBePolled();
                pump();
            }));
            running.add(self[0]);
            askToBePolled(); // its queue has room again
        }

        private void sample(BandwidthSample s) {
            received.addAndGet(s.bytes());
            try {
                peer.onBandwidthSample(s);
            } catch (RuntimeException e) {
                LOG.warn("peer {} failed on a bandwidth sample", peer.describe(), e);
            }
        }

        /** Loop thread: unregisters, fails queued commands and cancels running ones. */
        void cancelAll() {
            cancelled = true;
            peers.remove(this);
            for (ArrayDeque<FetchCmd> queue : List.of(demand, prefetch)) {
                for (FetchCmd c = queue.poll(); c != null; c = queue.poll()) {
                    c.sink().onFailure(new FetchException(c.uri(), FetchException.Reason.CANCELLED, OptionalInt.empty(),
                            false, "the peer was closed before the fetch started", null));
                }
            }
            for (Transfer t : List.copyOf(running)) {
                t.cancel();
            }
        }

        @Override
        public void wake() {
            askToBePolled();
            wakeUp();
        }

        @Override
        public void close() {
            post(() -> {
                cancelAll();
                pump(); // frees its slots for others, and the stats stop counting it
            });
        }

        @Override
        public String toString() {
            return "PeerHandle[" + peer.describe() + "]";
        }
    }
}
