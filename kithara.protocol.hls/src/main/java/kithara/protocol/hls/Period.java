package kithara.protocol.hls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import kithara.api.media.MediaInfo;
import kithara.api.source.ByteRange;
import kithara.api.source.FormatPeriod;

/**
 * One format period of an HLS stream: a run of one variant's segments from {@code firstSequence}, preceded by its
 * init section, appended in playlist order as their fetches complete (fetches may finish out of order). It is
 * placed in the stream's byte space ({@link #base}) once the period before it has all its bytes. Not thread-safe:
 * the stream guards it with its lock.
 */
final class Period {

    /** A part waiting to be appended: the init section (no segment) or a segment. */
    private record Slot(Optional<Playlist.Segment> segment, CompletableFuture<PartBytes> bytes) {
    }

    /** An appended segment: when its audio ends and where its bytes are, relative to the period. */
    private record Appended(Duration end, ByteRange bytes) {
    }

    /** Released segments are forgotten, not only emptied, once this many piled up: a live period runs for days. */
    private static final int COMPACT_AFTER = 64;

    private final VariantTrack track;
    private final long firstSequence;
    private final boolean continuous;
    private final MediaInfo media;
    /** Playback time of the first segment, taken when the period opened (the stream's clock forgets old segments). */
    private final Duration start;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    /** The appended parts in order (null once released), and where each starts in the period. */
    private final List<PartBytes> parts = new ArrayList<>();
    private final List<Long> partStarts = new ArrayList<>();
    private final List<Appended> segments = new ArrayList<>();
    private Optional<ByteRange> init = Optional.empty();
    private long base = -1;
    private long length;
    private long releasedUpTo;
    /** Segments before this index are released: each playback update looks only at the ones after. */
    private int firstHeld;
    private long nextSequence;
    private Optional<Playlist.Segment> firstScheduled = Optional.empty();
    private Duration appendedEnd;
    private boolean fenced;
    private boolean dropped;

    Period(VariantTrack track, long firstSequence, boolean continuous, MediaInfo media) {
        this.track = track;
        this.firstSequence = firstSequence;
        this.continuous = continuous;
        this.media = media;
        this.nextSequence = firstSequence;
        this.start = track.startOf(firstSequence);
        this.appendedEnd = start;
    }

    VariantTrack track() {
        return track;
    }

    long nextSequence() {
        return nextSequence;
    }

    boolean isPlaced() {
        return base >= 0;
    }

    long base() {
        return base;
    }

    void place(long at) {
        base = at;
    }

    long length() {
        return length;
    }

    /** Where the period's bytes end in the stream, so far. */
    long end() {
        return base + length;
    }

    /** Playback time at the end of the last appended segment. */
    Duration appendedEnd() {
        return appendedEnd;
    }

    int pending() {
        return slots.size();
    }

    boolean isFenced() {
        return fenced;
    }

    /** No more segments will be scheduled; the period ends after those already scheduled. */
    void fence() {
        fenced = true;
    }

    /** Whether every byte the period will ever have is appended. */
    boolean isDrained() {
        return fenced && slots.isEmpty();
    }

    /** Releases the bytes and abandons pending parts (released when they complete): a seek superseded the period. */
    void drop() {
        fenced = true;
        dropped = true;
        slots.forEach(slot -> slot.bytes().thenAccept(PartBytes::release));
        slots.clear();
        parts.stream().filter(p -> p != null).forEach(PartBytes::release);
        parts.clear();
        partStarts.clear();
    }

    boolean isDropped() {
        return dropped;
    }

    /** Whether {@code segment} can continue this period: same discontinuity sequence and init section. */
    boolean continues(Playlist.Segment segment) {
        return firstScheduled.isEmpty() || (firstScheduled.get().discontinuitySequence() == segment.discontinuitySequence()
                && firstScheduled.get().init().equals(segment.init()));
    }

    boolean hasScheduled() {
        return firstScheduled.isPresent();
    }

    /** Queues the parts of {@code segment} (its init section first when it opens the period); advances the cursor. */
    void schedule(Playlist.Segment segment, CompletableFuture<PartBytes> initBytes, CompletableFuture<PartBytes> bytes) {
        if (firstScheduled.isEmpty()) {
            firstScheduled = Optional.of(segment);
            if (initBytes != null) {
                slots.add(new Slot(Optional.empty(), initBytes));
            }
        }
        slots.add(new Slot(Optional.of(segment), bytes));
        nextSequence = segment.sequence() + 1;
    }

    /** Skips a segment without bytes (EXT-X-GAP). */
    void skip(Playlist.Segment segment) {
        nextSequence = segment.sequence() + 1;
    }

    /**
     * Appends the completed parts at the head of the queue, in order.
     *
     * @return whether anything was appended
     * @throws java.util.concurrent.CompletionException when the head part failed
     */
    boolean appendCompleted() {
        boolean any = false;
        while (!slots.isEmpty() && slots.peek().bytes().isDone()) {
            Slot slot = slots.poll();
            PartBytes bytes = slot.bytes().join();
            long start = length;
            if (bytes.length() > 0) {
                partStarts.add(length);
                parts.add(bytes);
                length += bytes.length();
            }
            if (slot.segment().isEmpty()) {
                init = Optional.of(ByteRange.ofLength(start, bytes.length()));
            } else {
                Playlist.Segment s = slot.segment().get();
                Duration startTime = track.startOf(s.sequence());
                appendedEnd = startTime.plus(s.duration());
                if (!s.duration().isZero()) {
                    segments.add(new Appended(appendedEnd, ByteRange.ofLength(start, bytes.length())));
                }
            }
            any = true;
        }
        return any;
    }

    /**
     * Copies bytes at {@code relative} into {@code dst}; returns how many (0 when none is there yet), or -1 when they
     * were released.
     *
     * @throws IOException when a part's bytes cannot be read (the message names the part)
     */
    int read(long relative, ByteBuffer dst) throws IOException {
        if (relative >= length || parts.isEmpty()) {
            return 0;
        }
        if (relative < releasedUpTo && init.map(r -> relative >= r.end()).orElse(true)) {
            return -1;
        }
        int i = Collections.binarySearch(partStarts, relative);
        if (i < 0) {
            i = -i - 2;
        }
        if (parts.get(i) == null) {
            return -1;
        }
        int copied = 0;
        long at = relative;
        while (i < parts.size() && dst.hasRemaining()) {
            int n = parts.get(i).read(at - partStarts.get(i), dst);
            copied += n;
            at += n;
            i++;
        }
        return copied;
    }

    /**
     * Releases the bytes of the segments that ended before {@code time} (the init section is kept): a long stream
     * must not hold everything it has played. Returns the bytes released.
     */
    long releaseEndedBefore(Duration time) {
        long released = 0;
        boolean allReleasedSoFar = true;
        for (int k = firstHeld; k < segments.size(); k++) {
            Appended s = segments.get(k);
            if (s.end().compareTo(time) >= 0) {
                break;
            }
            ByteRange r = s.bytes();
            int i = Collections.binarySearch(partStarts, r.start());
            if (i >= 0 && parts.get(i) != null) {
                released += parts.get(i).length();
                parts.get(i).release();
                parts.set(i, null);
                releasedUpTo = r.end();
            }
            allReleasedSoFar &= i >= 0; // a segment whose bytes have not arrived is looked at again next time
            if (allReleasedSoFar) {
                firstHeld = k + 1;
            }
        }
        if (firstHeld >= COMPACT_AFTER) {
            forgetReleased();
        }
        return released;
    }

    /** Drops the descriptors and emptied places of released segments; the init section stays. */
    private void forgetReleased() {
        segments.subList(0, firstHeld).clear();
        firstHeld = 0;
        for (int i = parts.size() - 1; i >= 0; i--) {
            if (parts.get(i) == null) {
                parts.remove(i);
                partStarts.remove(i);
            }
        }
    }

    /** How many segments the period still describes: those held and at most {@value #COMPACT_AFTER} released. */
    int describedSegments() {
        return segments.size();
    }

    /** Whether every segment appended so far was released (only the init section is held). */
    boolean isReleased() {
        return firstHeld == segments.size();
    }

    /** Where the bytes still held start (after the init section). */
    long releasedUpTo() {
        return releasedUpTo;
    }

    FormatPeriod describe() {
        return new FormatPeriod(Math.max(0, base), start, media, continuous);
    }

    @Override
    public String toString() {
        return "Period[variant " + track.index() + " from " + firstSequence + " at " + base + ", " + length + " bytes]";
    }
}
