package kithara.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import kithara.api.net.Downloader;
import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.FetchPriority;
import kithara.api.net.FetchResponse;
import kithara.api.net.FetchSink;
import kithara.api.net.Peer;
import kithara.api.net.PeerHandle;
import kithara.testkit.Fault;
import kithara.testkit.FaultServer;

/** The Downloader service inside Felix: real fetches from a loopback server, configuration, bundle stop. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DownloaderIT {

    private static final long TIMEOUT_MS = 30_000;
    private static final byte[] MEDIA = new byte[1 << 20];

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configurationAdmin;

    private FaultServer server;
    private ServiceTracker<Downloader, Downloader> downloaders;

    @Configuration
    public Option[] config() {
        return LauncherBundleSet.options("org.eclipse.jetty.server", "kithara.testkit");
    }

    @Before
    public void start() throws Exception {
        new Random(5).nextBytes(MEDIA);
        server = FaultServer.start();
        server.serve("/a.flac", MEDIA, "audio/flac");
        downloaders = new ServiceTracker<>(context, Downloader.class, null);
        downloaders.open();
    }

    @After
    public void stop() throws Exception {
        downloaders.close();
        server.close();
    }

    /** A sink copying into an array at the data's offsets and completing a future. */
    private static final class ArraySink implements FetchSink {
        final byte[] bytes;
        final CompletableFuture<Long> done = new CompletableFuture<>();
        final CompletableFuture<FetchResponse> started = new CompletableFuture<>();

        ArraySink(byte[] target) {
            bytes = target;
        }

        @Override
        public void onResponse(FetchResponse response) {
            started.complete(response);
        }

        @Override
        public void onData(long offset, ByteBuffer chunk) {
            chunk.get(bytes, (int) offset, chunk.remaining());
        }

        @Override
        public void onComplete(long n) {
            done.complete(n);
        }

        @Override
        public void onFailure(FetchException failure) {
            done.completeExceptionally(failure);
        }
    }

    /** Hands out four quarter ranges of the file, once. */
    private final class QuarterPeer implements Peer {
        final byte[] bytes = new byte[MEDIA.length];
        final List<CompletableFuture<Long>> parts = new ArrayList<>();
        private int next;

        @Override
        public synchronized List<FetchCmd> poll(int max) {
            List<FetchCmd> out = new ArrayList<>();
            int quarter = MEDIA.length / 4;
            while (out.size() < max && next < 4) {
                ArraySink part = new ArraySink(bytes);
                parts.add(part.done);
                out.add(new FetchCmd(server.uri("/a.flac"), (long) next * quarter, OptionalLong.of(quarter),
                        next == 0 ? FetchPriority.DEMAND : FetchPriority.PREFETCH, Map.of(), part));
                next++;
            }
            return out;
        }

        @Override
        public String describe() {
            return "quarters of /a.flac";
        }
    }

    @Test
    public void fetchesThroughFaultsInsideTheFramework() throws Exception {
        server.fault("/a.flac", Fault.resetAfter(100_000).times(1), Fault.status(503).times(1));
        Downloader downloader = downloaders.waitForService(TIMEOUT_MS);
        assertNotNull(downloader);
        QuarterPeer peer = new QuarterPeer();
        try (PeerHandle handle = downloader.register(peer)) {
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (peer.parts.size() < 4 && System.currentTimeMillis() < deadline) {
                handle.wake();
                Thread.onSpinWait();
            }
            for (CompletableFuture<Long> part : List.copyOf(peer.parts)) {
                assertEquals(MEDIA.length / 4, (long) part.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            }
        }
        assertArrayEquals(MEDIA, peer.bytes);
    }

    @Test
    public void aConfigurationChangeRestartsTheService() throws Exception {
        AtomicReference<ServiceReference<Downloader>> current = new AtomicReference<>();
        assertTrue(InContainer.await(() -> current.updateAndGet(r -> downloaders.getServiceReference()) != null,
                TIMEOUT_MS));
        Object before = current.get().getProperty(Constants.SERVICE_ID);
        org.osgi.service.cm.Configuration cfg = configurationAdmin.getConfiguration("kithara.stream.downloader", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("maxInFlight", 2);
        try {
            cfg.update(props);
            // The service is briefly unregistered while it restarts: read each reference once.
            boolean configured = InContainer.await(() -> {
                ServiceReference<Downloader> ref = current.updateAndGet(r -> downloaders.getServiceReference());
                return ref != null && Integer.valueOf(2).equals(ref.getProperty("maxInFlight"));
            }, TIMEOUT_MS);
            assertTrue("the service restarted with maxInFlight=2", configured);
            assertNotEquals(before, current.get().getProperty(Constants.SERVICE_ID));
        } finally {
            cfg.delete();
            // Leave the service settled on its defaults for the next test.
            InContainer.await(() -> {
                ServiceReference<Downloader> ref = downloaders.getServiceReference();
                return ref != null && !Integer.valueOf(2).equals(ref.getProperty("maxInFlight"));
            }, TIMEOUT_MS);
        }
    }

    @Test
    public void stoppingTheBundleUnregistersAndEndsItsThreads() throws Exception {
        Downloader downloader = downloaders.waitForService(TIMEOUT_MS);
        Bundle stream = FrameworkUtil.getBundle(downloader.getClass());
        assertEquals("kithara.stream", stream.getSymbolicName());
        server.fault("/a.flac", Fault.throttle(64 * 1024));
        ArraySink running = new ArraySink(new byte[MEDIA.length]);
        downloader.register(new Peer() {
            private boolean given;

            @Override
            public synchronized List<FetchCmd> poll(int max) {
                if (given) {
                    return List.of();
                }
                given = true;
                return List.of(new FetchCmd(server.uri("/a.flac"), 0, OptionalLong.empty(), FetchPriority.DEMAND,
                        Map.of(), running));
            }

            @Override
            public String describe() {
                return "slow";
            }
        });
        running.started.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        stream.stop();
        try {
            assertNull(downloaders.getServiceReference());
            try {
                running.done.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                throw new AssertionError("a fetch of a stopped downloader must not complete");
            } catch (java.util.concurrent.ExecutionException expected) {
                assertTrue(expected.getCause() instanceof FetchException);
            }
            assertEquals(List.of(), InContainer.awaitThreadsGone(TIMEOUT_MS, "kithara-http", "kithara-downloader"));
        } finally {
            stream.start();
        }
        assertNotNull(downloaders.waitForService(TIMEOUT_MS));
        assertTrue(Arrays.asList(context.getBundles()).contains(stream));
    }
}
