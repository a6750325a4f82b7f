package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import kithara.api.media.MediaInfo;
import kithara.api.source.ByteRange;
import kithara.api.source.SourceException;
import kithara.api.source.SourcePhase;

/**
 * The byte space of periods: placement after a drained predecessor, lookups by offset, what a range's phase is,
 * release and forgetting of played periods, and a restart after a seek that never reuses an offset; and where a seek starts fetching.
 */
class PeriodMapTest {

    private static final URI BASE = URI.create("https://cdn.example/a/");

    /** Six two-second segments, a discontinuity before segment 3. */
    private static VariantTrack track() {
        List<Playlist.Segment> segments = new ArrayList<>();
        for (long s = 0; s < 6; s++) {
            segments.add(new Playlist.Segment(new Playlist.Part(BASE.resolve("s" + s + ".ts"), Optional.empty(),
                    Optional.empty(), s), Duration.ofSeconds(2), s < 3 ? 0 : 1, Optional.empty(), false));
        }
        VariantTrack track = new VariantTrack(0, new Playlist.Variant(BASE.resolve("index.m3u8"), 1, 1, List.of()),
                new TreeMap<>());
        track.update(new Playlist.Media(segments, Duration.ofSeconds(2), 0, true, Optional.empty()));
        return track;
    }

    /** Appends segments {@code from} to {@code to} (exclusive) of 100 bytes each, then fences the period. */
    private static void fill(Period p, VariantTrack track, long from, long to) {
        for (long s = from; s < to; s++) {
            p.schedule(track.segment(s).orElseThrow(), null, CompletableFuture.completedFuture(PartBytes.inMemory(new byte[100])));
        }
        p.appendCompleted();
        p.fence();
    }

    @Test
    void aPeriodIsPlacedWhenTheOneBeforeItHasAllItsBytes() throws Exception {
        VariantTrack track = track();
        Period first = new Period(track, 0, true, MediaInfo.UNKNOWN);
        PeriodMap map = new PeriodMap("test", first);
        Period second = new Period(track, 3, false, MediaInfo.UNKNOWN);
        map.append(second);
        map.placeDrained();
        assertTrue(!second.isPlaced(), "the first period may still grow");

        fill(first, track, 0, 3);
        map.placeDrained();
        assertEquals(300, second.base());
        fill(second, track, 3, 5);
        assertSame(first, map.holding(299));
        assertSame(second, map.holding(300));
        assertSame(second, map.last());
        assertEquals(450, map.bytesAhead(50));
        assertEquals(List.of(new ByteRange(0, 300), new ByteRange(300, 500)), map.buffered());
    }

    @Test
    void aRangeIsReadyUpToTheEndOfAPeriodWithAllItsBytesAndAtTheEndOfACompleteStreamItIsTheEnd() throws Exception {
        VariantTrack track = track();
        Period first = new Period(track, 0, true, MediaInfo.UNKNOWN);
        PeriodMap map = new PeriodMap("test", first);
        first.schedule(track.segment(0).orElseThrow(), null, CompletableFuture.completedFuture(PartBytes.inMemory(new byte[100])));
        first.appendCompleted();

        assertEquals(SourcePhase.READY, map.phaseOf(new ByteRange(0, 100), false));
        assertEquals(SourcePhase.WAITING, map.phaseOf(new ByteRange(50, 150), false), "the period may still grow");
        first.fence();
        Period second = new Period(track, 3, false, MediaInfo.UNKNOWN);
        map.append(second);
        map.placeDrained();
        assertEquals(SourcePhase.READY, map.phaseOf(new ByteRange(50, 150), false), "a read stops at the period's end");
        assertEquals(SourcePhase.WAITING, map.phaseOf(new ByteRange(100, 150), false), "the next period has no bytes yet");
        second.fence();
        assertEquals(SourcePhase.EOF, map.phaseOf(new ByteRange(100, 150), true));
        assertEquals(SourcePhase.READY, map.phaseOf(new ByteRange(100, 100), true), "an empty range is always there");
    }

    @Test
    void playedPeriodsAreReleasedThenForgottenAndTheirBytesReportedAsReleased() throws Exception {
        VariantTrack track = track();
        Period first = new Period(track, 0, true, MediaInfo.UNKNOWN);
        PeriodMap map = new PeriodMap("test", first);
        fill(first, track, 0, 3);
        Period second = new Period(track, 3, false, MediaInfo.UNKNOWN);
        map.append(second);
        map.placeDrained();
        fill(second, track, 3, 6);

        map.releaseEndedBefore(Duration.ofSeconds(7), 350);
        assertEquals(1, map.size(), "the first period ended, is released and the reader left it");
        SourceException e = assertThrows(SourceException.class, () -> map.holding(10));
        assertEquals(SourceException.Reason.CANCELLED, e.reason());
        assertTrue(e.getCause().getMessage().contains("released"), e.getCause().getMessage());
        assertSame(second, map.holding(300));
    }

    @Test
    void aRestartPlacesTheFreshPeriodAfterEveryByteHandedOut() throws Exception {
        VariantTrack track = track();
        Period first = new Period(track, 0, true, MediaInfo.UNKNOWN);
        PeriodMap map = new PeriodMap("test", first);
        fill(first, track, 0, 3);
        Period fresh = new Period(track, 4, true, MediaInfo.UNKNOWN);
        assertEquals(300, map.restartWith(fresh));
        assertTrue(first.isDropped());
        assertSame(fresh, map.holding(300));
        SourceException e = assertThrows(SourceException.class, () -> map.holding(0));
        assertTrue(e.getCause().getMessage().contains("seek"), e.getCause().getMessage());
    }

    @Test
    void aSeekNearASegmentsStartFetchesTheSegmentBeforeWithinOneDiscontinuity() {
        VariantTrack track = track();
        assertEquals(1, track.seekStart(Duration.ofMillis(4_200), Duration.ofMillis(500)), "0.2 s into segment 2");
        assertEquals(2, track.seekStart(Duration.ofMillis(4_800), Duration.ofMillis(500)), "0.8 s into segment 2");
        assertEquals(3, track.seekStart(Duration.ofMillis(6_100), Duration.ofMillis(500)),
                "segment 3 opens a discontinuity: the one before cannot pre-roll it");
        assertEquals(0, track.seekStart(Duration.ZERO, Duration.ofMillis(500)), "nothing before the first");
    }
}
