package kithara.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import kithara.api.decode.DecoderException;
import kithara.api.decode.DecoderProvider;
import kithara.api.event.KitharaEvent;
import kithara.api.media.MediaInfo;
import kithara.stream.storage.MemoryDriver;
import kithara.stream.storage.StorageResource;
import kithara.stream.storage.StorageSource;

/** Which provider's decoder the slot holds, and what it says when it changes. */
class DecoderSlotTest {

    private final List<KitharaEvent> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger closes = new AtomicInteger();

    private DecoderSlot slot(List<RankedProviders.Ranked<DecoderProvider>> providers) {
        StorageResource bytes = StorageResource.complete("test", new MemoryDriver("test"), 1000);
        Events events = new Events(URI.create("memory:test"), topic -> null, r -> { });
        events.add(published::add);
        return new DecoderSlot(StorageSource.complete(bytes, MediaInfo.UNKNOWN), "memory:test", () -> providers, events);
    }

    private RankedProviders.Ranked<DecoderProvider> silent(String name, int ranking) {
        return TestDecoders.provider(name, ranking, () -> new TestDecoders.Scripted(1, null, closes));
    }

    @Test
    void theBestProviderOpensAndAFirstOpenIsNoChange() throws IOException {
        DecoderSlot slot = slot(List.of(silent("best", 10), silent("next", 0)));
        assertEquals("none", slot.providerName());
        slot.open(Optional.empty(), 0, Duration.ZERO, null);
        assertEquals("best", slot.providerName());
        assertTrue(slot.decoder().next().isPresent());
        assertEquals(List.of(), published);
    }

    @Test
    void aProviderThatFailsIsFollowedByTheNextAndTheChangeIsPublished() throws IOException {
        DecoderSlot slot = slot(List.of(TestDecoders.provider("broken", 10, () -> {
            throw new DecoderException(DecoderException.Reason.NATIVE, "memory:test", "pcm", "no such codec here", null);
        }), silent("good", 0)));
        slot.open(Optional.empty(), 0, Duration.ZERO, null);
        assertEquals("good", slot.providerName());
        assertInstanceOf(KitharaEvent.PipelineError.class, published.get(0));
        KitharaEvent.DecoderChanged changed = assertInstanceOf(KitharaEvent.DecoderChanged.class, published.get(1));
        assertEquals(Optional.of("broken"), changed.from());
        assertEquals("good", changed.to());
        assertTrue(changed.reason().contains("no such codec here"), changed.reason());
    }

    @Test
    void reopeningWithoutTheCurrentProviderClosesItsDecoderAndSaysWhy() throws IOException {
        RankedProviders.Ranked<DecoderProvider> first = silent("first", 10);
        DecoderSlot slot = slot(List.of(first, silent("second", 0)));
        slot.open(Optional.empty(), 0, Duration.ZERO, null);
        assertTrue(slot.isFrom(first.service()));
        slot.open(slot.provider(), 0, Duration.ZERO, "the first provider went away");
        assertEquals("second", slot.providerName());
        assertEquals(1, closes.get(), "the first decoder was closed");
        assertEquals(List.of(new KitharaEvent.DecoderChanged(Optional.of("first"), "second",
                "the first provider went away", Duration.ZERO)), published);
        slot.close();
        assertEquals(2, closes.get());
    }

    @Test
    void withoutAnyProviderTheErrorNamesTheMediaAndWhatIsInstalled() {
        DecoderSlot slot = slot(List.of());
        DecoderException e = assertThrows(DecoderException.class, () -> slot.open(Optional.empty(), 0, Duration.ZERO, null));
        assertEquals(DecoderException.Reason.UNSUPPORTED_CODEC, e.reason());
        assertTrue(e.getMessage().contains("no decoder for unknown media (decoder providers installed: [])"), e.getMessage());
    }
}
