package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import kithara.api.event.KitharaEvent;
import kithara.api.net.BandwidthSample;
import kithara.stream.storage.Listeners;

/**
 * Switch planning between two loaded variants of six 6-second segments (a discontinuity before segment 3): when the
 * controller moves, where the new variant's period starts (one segment early within a discontinuity run, not across
 * one), what a fixed variant does, and what the listeners hear.
 */
class VariantSwitcherTest {

    private static final URI BASE = URI.create("https://cdn.example/");
    private static final Duration PLENTY = Duration.ofSeconds(20);

    private final TreeMap<Long, Duration> clock = new TreeMap<>();
    private final VariantTrack low = track(0, 64_000);
    private final VariantTrack high = track(1, 1_000_000);
    private final Listeners listeners = new Listeners();
    private final BlockingQueue<KitharaEvent> heard = new LinkedBlockingQueue<>();

    private VariantTrack track(int index, long bandwidth) {
        List<Playlist.Segment> segments = new ArrayList<>();
        for (long s = 0; s < 6; s++) {
            segments.add(new Playlist.Segment(new Playlist.Part(BASE.resolve(index + "/s" + s + ".m4s"), Optional.empty(),
                    Optional.empty(), s), Duration.ofSeconds(6), s < 3 ? 0 : 1, Optional.empty(), false));
        }
        VariantTrack track = new VariantTrack(index, new Playlist.Variant(BASE.resolve(index + "/index.m3u8"), bandwidth,
                bandwidth, List.of("mp4a.40.2")), clock);
        track.update(new Playlist.Media(segments, Duration.ofSeconds(6), 0, true, Optional.empty()));
        return track;
    }

    private VariantSwitcher switcher(AbrSettings settings) {
        listeners.add(heard::add);
        // every variant is loaded here: no playlist load, so no downloader
        return new VariantSwitcher("test", List.of(low, high), new AbrController(settings, List.of(64_000L, 1_000_000L)),
                null, null, listeners, () -> false);
    }

    /** A 6-second segment of the low variant fetched in 0.1 s: an estimate far above the high variant. */
    private static BandwidthSample fastSample() {
        return new BandwidthSample(BASE, 48_000, Duration.ofMillis(100));
    }

    @Test
    void aSwitchWithinADiscontinuityRunStartsOneSegmentEarlyAndOneAtARunsStartDoesNot() throws Exception {
        VariantSwitcher switcher = switcher(AbrSettings.DEFAULTS);
        assertTrue(switcher.awaitsFirstEstimate(), "one segment at a time until the first sample");
        assertEquals(Optional.empty(), switcher.decide(low, low.segment(1).orElseThrow(), PLENTY), "no estimate yet");

        assertTrue(switcher.onSample(fastSample()).isPresent());
        assertFalse(switcher.awaitsFirstEstimate());
        VariantSwitcher.Switch up = switcher.decide(low, low.segment(2).orElseThrow(), PLENTY).orElseThrow();
        assertEquals(new VariantSwitcher.Switch(high, 1, 2, up.reason()), up, "segment 1 of the high variant as pre-roll");

        VariantSwitcher.Switch atRunStart = switcher.decide(low, low.segment(3).orElseThrow(), PLENTY).orElseThrow();
        assertEquals(3, atRunStart.firstSequence(), "segment 2 is in the run before the discontinuity: no pre-roll");

        switcher.made(low, up);
        KitharaEvent.VariantSwitched told = (KitharaEvent.VariantSwitched) heard.poll(10, TimeUnit.SECONDS);
        assertEquals(new KitharaEvent.VariantSwitched(0, 1, 1_000_000, 2, up.reason()), told);
        assertEquals(Optional.empty(), switcher.decide(high, high.segment(3).orElseThrow(), PLENTY),
                "the controller holds still right after a switch");
    }

    @Test
    void aFixedVariantNeverSwitchesAndTheListenersHearTheVariantsOnce() throws Exception {
        VariantSwitcher switcher = switcher(AbrSettings.DEFAULTS.fixed(0));
        assertFalse(switcher.awaitsFirstEstimate(), "a fixed variant fetches ahead from the start");
        switcher.onSample(fastSample());
        assertEquals(Optional.empty(), switcher.decide(low, low.segment(2).orElseThrow(), PLENTY));

        switcher.announce(low, 0, "fixed");
        KitharaEvent.VariantsDiscovered variants = (KitharaEvent.VariantsDiscovered) heard.poll(10, TimeUnit.SECONDS);
        assertEquals(List.of(new KitharaEvent.VariantsDiscovered.Variant(0, 64_000, "mp4a.40.2"),
                new KitharaEvent.VariantsDiscovered.Variant(1, 1_000_000, "mp4a.40.2")), variants.variants());
        assertEquals(new KitharaEvent.VariantSwitched(0, 0, 64_000, 0, "fixed"), heard.poll(10, TimeUnit.SECONDS));
    }
}
