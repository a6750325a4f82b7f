package kithara.api.source;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of how a segmented source stitches its segments into one byte space:
 * {@code [init][segment 0][segment 1]...}. Sizes are filled in as they are learned, so a source
 * publishes a new snapshot when its layout changes. Immutable.
 *
 * @param init     the init segment's bytes (fMP4 {@code EXT-X-MAP}), empty when there is none
 * @param segments the media segments in playback order, never null
 */
public record SegmentLayout(Optional<ByteRange> init, List<SegmentDescriptor> segments) {

    /** Copies the list and rejects out-of-order segments. */
    public SegmentLayout {
        Objects.requireNonNull(init, "init");
        segments = List.copyOf(segments);
        for (int i = 1; i < segments.size(); i++) {
            if (segments.get(i).start().compareTo(segments.get(i - 1).start()) < 0) {
                throw new IllegalArgumentException("segment " + i + " starts before segment " + (i - 1));
            }
        }
    }

    /** Returns the segment whose time span covers {@code time}, or empty when none does. */
    public Optional<SegmentDescriptor> segmentAt(Duration time) {
        for (SegmentDescriptor s : segments) {
            if (s.covers(time)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Returns the segment whose known byte range holds {@code offset}, or empty when none does. */
    public Optional<SegmentDescriptor> segmentAtOffset(long offset) {
        for (SegmentDescriptor s : segments) {
            if (s.bytes().isPresent() && s.bytes().get().contains(offset)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Returns the sum of the segments' durations. */
    public Duration totalDuration() {
        return segments.stream().map(SegmentDescriptor::duration).reduce(Duration.ZERO, Duration::plus);
    }
}
