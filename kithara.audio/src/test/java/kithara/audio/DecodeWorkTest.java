package kithara.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import kithara.api.decode.DecoderProvider;
import kithara.api.decode.PcmChunk;
import kithara.api.dsp.ResampleQuality;
import kithara.api.event.KitharaEvent;
import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;
import kithara.stream.storage.MemoryDriver;
import kithara.stream.storage.StorageResource;
import kithara.stream.storage.StorageSource;

/** One resource's decoding, chunk by chunk, without threads: what reaches the PCM queue and what is published. */
class DecodeWorkTest {

    private static final PcmSpec MONO = TestDecoders.MONO;
    private static final int CHUNK = TestDecoders.Counting.CHUNK;

    private final List<KitharaEvent> published = new CopyOnWriteArrayList<>();
    private final PcmQueue queue = new PcmQueue(1, 48_000, () -> { }, waiting -> { });
    private boolean closed;

    private static RankedProviders.Ranked<DecoderProvider> counting(String name, int ranking, long frames, long failAt) {
        return TestDecoders.provider(name, ranking, () -> new TestDecoders.Counting(frames, failAt));
    }

    /** The work over a slot opened on the first of {@code providers}, as a resource starts it. */
    private DecodeWork work(List<RankedProviders.Ranked<DecoderProvider>> providers) throws IOException {
        StorageResource bytes = StorageResource.complete("test", new MemoryDriver("test"), 1000);
        StorageSource source = StorageSource.complete(bytes, MediaInfo.UNKNOWN);
        Events events = new Events(URI.create("memory:test"), topic -> null, r -> { });
        events.add(published::add);
        DecoderSlot slot = new DecoderSlot(source, "memory:test", () -> providers, events);
        slot.open(Optional.empty(), 0, Duration.ZERO, null);
        return new DecodeWork(source, "memory:test", slot, MONO,
                new OutputChain(MONO, ResampleQuality.NORMAL, Optional::empty, List.of(), "memory:test"), queue, events,
                () -> closed);
    }

    /** Steps until the epoch ends, at most {@code limit} times. */
    private static void stepToTheEnd(DecodeWork work, int limit) {
        for (int i = 0; i < limit && !work.isEpochFinished(); i++) {
            work.step();
        }
        assertTrue(work.isEpochFinished(), "the epoch ended within " + limit + " steps");
    }

    /** Reads the queue to its end: every sample, in order. */
    private float[] readAll(int expected) throws IOException {
        float[] all = new float[expected];
        int at = 0;
        float[] buf = new float[1000];
        int n;
        while ((n = queue.read(buf, 0, buf.length)) >= 0) {
            assertTrue(at + n <= expected, "no more than " + expected + " samples");
            System.arraycopy(buf, 0, all, at, n);
            at += n;
        }
        assertEquals(expected, at);
        return all;
    }

    private static void assertCounting(float[] samples, long from) {
        for (int i = 0; i < samples.length; i++) {
            assertEquals(from + i, samples[i], "sample " + i);
        }
    }

    @Test
    void everyChunkReachesTheQueueThenTheEpochEnds() throws IOException {
        DecodeWork work = work(List.of(counting("only", 0, 1000, -1)));
        stepToTheEnd(work, 10);
        assertCounting(readAll(1000), 0);
        assertEquals(new KitharaEvent.EndOfStream(MONO.durationOf(1000)), published.get(published.size() - 1));
    }

    @Test
    void pcmThatGoesOutAsItIsIsDecodedIntoTheQueuesOwnArrays() throws IOException {
        Set<float[]> given = Collections.newSetFromMap(new IdentityHashMap<>());
        DecodeWork work = work(List.of(TestDecoders.provider("into", 0, () -> new TestDecoders.Counting(3 * CHUNK, -1) {
            @Override
            public Optional<PcmChunk> nextInto(IntFunction<float[]> arrays) throws IOException {
                return super.nextInto(n -> {
                    float[] a = arrays.apply(n);
                    given.add(a);
                    return a;
                });
            }
        })));
        stepToTheEnd(work, 10);
        assertEquals(3, given.size(), "three chunks, each decoded into an array of the queue's");
        assertCounting(readAll(3 * CHUNK), 0);
        assertTrue(given.contains(queue.buffer(CHUNK)), "the queue held the arrays it gave, not copies of them");
    }

    @Test
    void aSeekStartsANewEpochAtItsTarget() throws IOException {
        DecodeWork work = work(List.of(counting("only", 0, 10 * CHUNK, -1)));
        work.step();
        work.step();
        Duration target = MONO.durationOf(7 * CHUNK);
        work.seek(target, queue.newEpoch(7 * CHUNK));
        stepToTheEnd(work, 10);
        assertCounting(readAll(3 * CHUNK), 7 * CHUNK);
        assertTrue(published.contains(new KitharaEvent.SeekComplete(target, 1)), published.toString());
    }

    @Test
    void aDecoderThatBreaksIsReplacedWhereItStoppedWithNothingLostOrRepeated() throws IOException {
        DecodeWork work = work(List.of(counting("breaks", 10, 5 * CHUNK, 2 * CHUNK), counting("spare", 0, 5 * CHUNK, -1)));
        stepToTheEnd(work, 20);
        assertCounting(readAll(5 * CHUNK), 0);
        KitharaEvent.DecoderChanged changed = published.stream().filter(KitharaEvent.DecoderChanged.class::isInstance)
                .map(KitharaEvent.DecoderChanged.class::cast).findFirst().orElseThrow();
        assertEquals("spare", changed.to());
        assertEquals(MONO.durationOf(2 * CHUNK), changed.position());
    }

    @Test
    void whenNoProviderIsLeftTheReaderGetsTheFailureAfterWhatCameBefore() throws IOException {
        DecodeWork work = work(List.of(counting("breaks", 0, 5 * CHUNK, 2 * CHUNK)));
        stepToTheEnd(work, 20);
        float[] buf = new float[10 * CHUNK];
        int read = 0;
        IOException failure = null;
        while (failure == null) {
            try {
                int n = queue.read(buf, 0, buf.length);
                assertTrue(n >= 0, "the queue fails, it does not end");
                read += n;
            } catch (IOException e) {
                failure = e;
            }
        }
        assertEquals(2 * CHUNK, read, "what was decoded before the failure");
        assertTrue(failure.getMessage().contains("the decoder broke"), failure.getMessage());
        assertInstanceOf(KitharaEvent.PipelineError.class, published.get(published.size() - 1));
    }

    @Test
    void aProviderGoneIsReplacedOnlyWhenTheDecoderIsItsOwn() throws IOException {
        RankedProviders.Ranked<DecoderProvider> first = counting("first", 10, 4 * CHUNK, -1);
        RankedProviders.Ranked<DecoderProvider> other = counting("other", 5, 4 * CHUNK, -1);
        DecodeWork work = work(List.of(first, other, counting("last", 0, 4 * CHUNK, -1)));
        work.step();
        work.providerGone(other.service());
        assertFalse(published.stream().anyMatch(KitharaEvent.DecoderChanged.class::isInstance), "not its provider");

        work.providerGone(first.service());
        stepToTheEnd(work, 20);
        assertCounting(readAll(4 * CHUNK), 0);
        KitharaEvent.DecoderChanged changed = published.stream().filter(KitharaEvent.DecoderChanged.class::isInstance)
                .map(KitharaEvent.DecoderChanged.class::cast).findFirst().orElseThrow();
        assertEquals("other", changed.to(), "the next provider, not the one excluded");
        assertEquals(MONO.durationOf(CHUNK), changed.position());
    }

    @Test
    void afterCloseAFailureIsNotTheReadersNews() throws IOException {
        DecodeWork work = work(List.of(counting("breaks", 0, 5 * CHUNK, 0)));
        closed = true;
        work.step();
        assertFalse(work.isEpochFinished(), "the resource closes its queue itself");
        assertFalse(published.stream().anyMatch(KitharaEvent.PipelineError.class::isInstance));
    }
}
