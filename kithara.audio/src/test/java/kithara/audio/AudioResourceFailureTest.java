package kithara.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import kithara.api.audio.ResourceRequest;
import kithara.api.decode.DecoderProvider;
import kithara.api.media.MediaInfo;
import kithara.api.source.SourceException;
import kithara.stream.storage.MemoryDriver;
import kithara.stream.storage.StorageResource;
import kithara.stream.storage.StorageSource;

/** What a failing decoder provider does to a resource: the next provider is tried, and a reader never hangs. */
class AudioResourceFailureTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final DecodePool pool = new DecodePool(Duration.ofSeconds(1));
    /** How often a resource scheduled decode work. */
    private final AtomicInteger scheduled = new AtomicInteger();

    @AfterEach
    void closePool() {
        pool.close();
    }

    private AudioResource resource(List<RankedProviders.Ranked<DecoderProvider>> providers) {
        StorageResource bytes = StorageResource.complete("test", new MemoryDriver("test"), 1000);
        URI uri = URI.create("memory:test");
        return new AudioResource(StorageSource.complete(bytes, MediaInfo.UNKNOWN), "memory:test", ResourceRequest.of(
                URI.create("file:///test.wav")), () -> providers, Optional::empty, new Events(uri, topic -> null, r -> { }), task -> {
                    scheduled.incrementAndGet();
                    pool.execute(task);
                });
    }

    @Test
    void aProviderThatThrowsAnUncheckedExceptionIsSkippedForTheNext() throws IOException {
        AtomicInteger closes = new AtomicInteger();
        AudioResource r = resource(List.of(
                TestDecoders.provider("broken", 10, () -> {
                    throw new IllegalArgumentException("channels out of range [1, 64]: 100");
                }),
                TestDecoders.provider("good", 0, () -> new TestDecoders.Scripted(3, null, closes))));
        assertTimeoutPreemptively(DEADLINE, () -> {
            r.start();
            float[] buf = new float[4096];
            int frames = 0;
            for (int n; (n = r.read(buf, 0, buf.length)) >= 0; ) {
                frames += n / 2;
            }
            assertEquals(3 * 480, frames);
            r.close();
        });
        assertEquals(1, closes.get());
    }

    @Test
    void anErrorInTheDecodeWorkerFailsTheReaderInsteadOfLeavingItWaiting() throws IOException {
        AtomicInteger closes = new AtomicInteger();
        AudioResource r = resource(List.of(TestDecoders.provider("dies", 0, () -> new TestDecoders.Scripted(2, () -> {
            throw new NoClassDefFoundError("kithara/decoder/Gone (bundle refreshed)");
        }, closes))));
        assertTimeoutPreemptively(DEADLINE, () -> {
            r.start();
            float[] buf = new float[4096];
            IOException failure = assertThrows(IOException.class, () -> {
                while (r.read(buf, 0, buf.length) >= 0) {
                    // the two chunks before the worker died
                }
            });
            assertTrue(failure.getMessage().contains("NoClassDefFoundError"), failure.getMessage());
            r.close();
        });
        assertEquals(1, closes.get(), "the decoder was closed when the worker ended");
    }

    @Test
    void aResourceClosedWhileItOpensStartsNoWorkerAndSaysSo() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch closedMeanwhile = new CountDownLatch(1);
        AudioResource r = resource(List.of(TestDecoders.provider("slow", 0, () -> {
            opening.countDown();
            try {
                closedMeanwhile.await(); // the service stops while the decoder opens
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TestDecoders.Scripted(1000, null, closes);
        })));
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                r.start();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(opening.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        r.close();
        closedMeanwhile.countDown();
        ExecutionException e = assertThrows(ExecutionException.class, () -> started.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        SourceException cancelled = assertInstanceOf(SourceException.class, e.getCause().getCause());
        assertEquals(SourceException.Reason.CANCELLED, cancelled.reason());
        assertEquals(-1, r.read(new float[960], 0, 960), "a reader gets the end at once, never a wait");
        assertEquals(0, scheduled.get(), "no decode work was scheduled");
    }
}
