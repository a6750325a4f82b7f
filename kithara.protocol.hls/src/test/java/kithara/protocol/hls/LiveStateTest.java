package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import kithara.api.media.MediaInfo;

/**
 * A day of live playback on a fast clock: a window of six one-second segments slides by one 86,400 times while the
 * period appends each new segment and releases what played ten seconds ago, as the stream does at every reload and
 * playback update. What the stream holds stays the same size from the first hour to the last, and stays right.
 */
class LiveStateTest {

    private static final int WINDOW = 6;
    private static final int DAY = 24 * 3600;
    private static final URI BASE = URI.create("https://live.example/radio/");

    private static Playlist.Segment segment(long sequence) {
        return new Playlist.Segment(new Playlist.Part(BASE.resolve("s" + sequence + ".ts"), Optional.empty(), Optional.empty(),
                sequence), Duration.ofSeconds(1), 0, Optional.empty(), false);
    }

    /** The live playlist when segment {@code newest} has just been published. */
    private static Playlist.Media window(long newest) {
        long first = Math.max(0, newest - WINDOW + 1);
        List<Playlist.Segment> segments = new ArrayList<>();
        for (long s = first; s <= newest; s++) {
            segments.add(segment(s));
        }
        return new Playlist.Media(segments, Duration.ofSeconds(1), first, false, Optional.empty());
    }

    private static byte[] bytesOf(long sequence) {
        byte[] b = new byte[188];
        Arrays.fill(b, (byte) sequence);
        return b;
    }

    @Test
    void aDayOfLiveStateStaysTheSizeOfItsFirstHourAndReadsTheLatestBytes() throws IOException {
        TreeMap<Long, Duration> clock = new TreeMap<>();
        VariantTrack track = new VariantTrack(0, new Playlist.Variant(BASE.resolve("index.m3u8"), 128_000, 128_000,
                List.of("mp4a.40.2")), clock);
        track.update(window(0));
        Period period = new Period(track, 0, true, MediaInfo.UNKNOWN);
        period.place(0);
        int clockAfterAnHour = 0;
        int segmentsAfterAnHour = 0;
        for (long s = 0; s < DAY; s++) {
            track.update(window(s));
            period.schedule(segment(s), null, CompletableFuture.completedFuture(PartBytes.inMemory(bytesOf(s))));
            period.appendCompleted();
            period.releaseEndedBefore(track.startOf(s).minus(Duration.ofSeconds(10)));
            if (s == 3600) {
                clockAfterAnHour = clock.size();
                segmentsAfterAnHour = period.describedSegments();
            }
        }
        assertTrue(clock.size() <= clockAfterAnHour && clock.size() <= 2 * 32, "start times held: " + clock.size());
        assertTrue(period.describedSegments() <= Math.max(segmentsAfterAnHour, 64 + 11),
                "segments described: " + period.describedSegments());
        assertEquals(Duration.ofSeconds(DAY - 1), track.startOf(DAY - 1), "the clock still counts from the first segment");
        assertEquals(Duration.ZERO, period.describe().start(), "the period still starts where it started");

        long newest = (long) (DAY - 1) * 188;
        ByteBuffer latest = ByteBuffer.allocate(188);
        assertEquals(188, period.read(newest, latest));
        assertEquals((byte) (DAY - 1), latest.get(0), "the newest segment's bytes");
        assertEquals(-1, period.read(0, ByteBuffer.allocate(10)), "the first segment was released");
        assertEquals(-1, period.read(newest - 20 * 188, ByteBuffer.allocate(10)), "twenty seconds ago was released");
        assertEquals(188, period.read(newest - 5 * 188, ByteBuffer.allocate(188)), "five seconds ago is still held");
    }
}
