package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import kithara.api.net.FetchCmd;
import kithara.api.net.FetchPriority;
import kithara.stream.storage.Listeners;

/**
 * What an HLS stream fetches next, planned over one variant of six 6-second fMP4 segments of 100,000 bytes behind a
 * 1,000-byte init section, with a discontinuity before segment 3: the init section first, then no more parts in
 * flight than {@code prefetch}, none further ahead of the reader or of playback than the limits, a new period at the
 * discontinuity, the end of a VOD playlist, and a live playlist's edge and window.
 */
class FetchPlannerTest {

    private static final URI BASE = URI.create("https://cdn.example/a/");
    private static final int INIT_BYTES = 1_000;
    private static final int SEGMENT_BYTES = 100_000;

    private final VariantTrack track = new VariantTrack(0, new Playlist.Variant(BASE.resolve("index.m3u8"), 128_000,
            128_000, List.of("mp4a.40.2")), new TreeMap<>());
    private final PeriodMap periods;
    private final List<Period> changed = new ArrayList<>();

    FetchPlannerTest() {
        track.update(media(0, 6, true));
        periods = new PeriodMap("test", new Period(track, 0, true, track.mediaInfo()));
    }

    private static Playlist.Media media(long first, long end, boolean endList) {
        Playlist.Part init = new Playlist.Part(BASE.resolve("init.mp4"), Optional.empty(), Optional.empty(), 0);
        List<Playlist.Segment> segments = new ArrayList<>();
        for (long s = first; s < end; s++) {
            segments.add(new Playlist.Segment(new Playlist.Part(BASE.resolve("s" + s + ".m4s"), Optional.empty(),
                    Optional.empty(), s), Duration.ofSeconds(6), s < 3 ? 0 : 1, Optional.of(init), false));
        }
        return new Playlist.Media(segments, Duration.ofSeconds(6), first, endList, Optional.empty());
    }

    /** A planner of a fixed variant, without a cache; a part that completes is appended at once, as the stream does. */
    private FetchPlanner planner(int prefetch, Duration bufferAhead, long lookAhead) {
        AbrSettings d = AbrSettings.DEFAULTS;
        AbrSettings fixed = new AbrSettings(0, d.bandwidthCap(), d.safetyFactor(), d.hysteresis(), d.upSwitchBuffer(),
                d.urgentBuffer(), d.minSwitchInterval(), d.fastHalfLife(), d.slowHalfLife(), d.minSampleBytes());
        VariantSwitcher variants = new VariantSwitcher("test", List.of(track), new AbrController(fixed,
                List.of(128_000L)), null, null, new Listeners(), () -> false);
        PartFetcher parts = new PartFetcher(null, new PlaylistTrust(BASE.resolve("index.m3u8"), Map.of(),
                PlaylistTrust.Settings.STRICT), new SegmentCache(Optional.empty(), BASE));
        return new FetchPlanner("test", variants, parts, new FetchPlanner.Limits(prefetch, bufferAhead, lookAhead),
                periods, () -> {
                    periods.placeDrained();
                    changed.add(periods.last());
                }, Period::appendCompleted);
    }

    /** Completes a planned fetch with a body of the part's size. */
    private static void complete(FetchCmd cmd) throws Exception {
        int size = cmd.uri().getPath().endsWith("init.mp4") ? INIT_BYTES : SEGMENT_BYTES;
        cmd.sink().onData(0, ByteBuffer.wrap(new byte[size]));
        cmd.sink().onComplete(size);
    }

    private static List<String> names(List<FetchCmd> commands) {
        return commands.stream().map(c -> c.uri().getPath().substring(c.uri().getPath().lastIndexOf('/') + 1)).toList();
    }

    @Test
    void fetchesTheInitSectionFirstAndNoMorePartsAtOnceThanPrefetch() throws Exception {
        FetchPlanner planner = planner(3, Duration.ofSeconds(60), 10_000_000);
        List<FetchCmd> commands = new ArrayList<>();

        assertFalse(planner.plan(10, commands, 0, Duration.ZERO), "stopped by the fetches in flight, not the reader");
        assertEquals(List.of("init.mp4", "s0.m4s", "s1.m4s"), names(commands));
        assertTrue(commands.stream().allMatch(c -> c.priority() == FetchPriority.DEMAND), "nothing is ahead of the reader");

        List<FetchCmd> more = new ArrayList<>();
        planner.plan(10, more, 0, Duration.ZERO);
        assertEquals(List.of(), names(more), "three parts are in flight");

        for (FetchCmd c : commands) {
            complete(c);
        }
        assertEquals(INIT_BYTES + 2L * SEGMENT_BYTES, periods.last().length());
        planner.plan(1, more, 0, Duration.ZERO);
        assertEquals(List.of("s2.m4s"), names(more), "the budget of one command is kept");
        assertEquals(FetchPriority.PREFETCH, more.get(0).priority(), "bytes are ahead of the reader");
    }

    @Test
    void waitsForTheReaderAtTheLookAheadAndForPlaybackAtTheBufferAhead() throws Exception {
        FetchPlanner planner = planner(1, Duration.ofSeconds(6), 150_000);
        List<FetchCmd> first = new ArrayList<>();
        planner.plan(10, first, 0, Duration.ZERO);
        assertEquals(List.of("init.mp4", "s0.m4s"), names(first));
        for (FetchCmd c : first) {
            complete(c);
        }

        List<FetchCmd> next = new ArrayList<>();
        assertFalse(planner.plan(10, next, 0, Duration.ZERO));
        assertEquals(List.of("s1.m4s"), names(next), "s1 starts at 6 s: within 6 s of playback at 0");
        complete(next.get(0));

        List<FetchCmd> none = new ArrayList<>();
        assertTrue(planner.plan(10, none, 0, Duration.ZERO), "201,000 bytes ahead of the reader: over the look-ahead");
        assertTrue(planner.plan(10, none, 100_000, Duration.ZERO), "s2 starts at 12 s: more than 6 s after playback");
        assertEquals(List.of(), names(none));

        assertFalse(planner.plan(10, none, 100_000, Duration.ofSeconds(6)));
        assertEquals(List.of("s2.m4s"), names(none), "playback and the reader moved on");
    }

    @Test
    void aDiscontinuityOpensAPeriodWithItsOwnInitSectionAndTheEndOfAVodPlaylistFencesTheLast() throws Exception {
        FetchPlanner planner = planner(10, Duration.ofSeconds(60), 10_000_000);
        List<FetchCmd> commands = new ArrayList<>();

        assertFalse(planner.plan(20, commands, 0, Duration.ZERO));

        assertEquals(List.of("init.mp4", "s0.m4s", "s1.m4s", "s2.m4s", "init.mp4", "s3.m4s", "s4.m4s", "s5.m4s"),
                names(commands));
        assertEquals(2, periods.size());
        Period second = periods.last();
        assertFalse(second.describe().continuous(), "a discontinuity: the decoder restarts its clock");
        assertTrue(second.isFenced(), "the playlist ended");
        assertEquals(2, changed.size(), "told when the period opened and when it was fenced");

        for (FetchCmd c : commands) {
            complete(c);
        }
        periods.placeDrained();
        assertEquals(INIT_BYTES + 3L * SEGMENT_BYTES, second.base());
        assertTrue(second.isDrained());
    }

    @Test
    void aLivePlaylistWaitsAtItsEdgeAndJumpsToTheWindowWhenItFellBehind() throws Exception {
        track.update(media(0, 2, false));
        FetchPlanner planner = planner(10, Duration.ofSeconds(60), 10_000_000);
        List<FetchCmd> commands = new ArrayList<>();

        assertFalse(planner.plan(20, commands, 0, Duration.ZERO));
        assertEquals(List.of("init.mp4", "s0.m4s", "s1.m4s"), names(commands));
        assertFalse(periods.last().isFenced(), "the live edge: segment 2 comes with a reload");

        track.update(media(4, 6, false)); // segments 2 and 3 left the window before the reader got to them
        List<FetchCmd> later = new ArrayList<>();
        planner.plan(20, later, 0, Duration.ZERO);

        assertEquals(List.of("init.mp4", "s4.m4s", "s5.m4s"), names(later));
        assertEquals(2, periods.size());
        assertFalse(periods.last().describe().continuous(), "bytes were skipped: the decoder restarts");
    }
}
