package kithara.api.source;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One media segment of a segmented source (HLS) and where it sits in the source's stitched byte space.
 * Immutable.
 *
 * @param sequence      the media sequence number
 * @param variant       index of the variant (rendition) the segment belongs to
 * @param start         playback time at which the segment starts
 * @param duration      the segment's duration, {@code > 0}
 * @param bytes         the segment's bytes in the stitched byte space; empty until its size is known
 * @param discontinuity whether a discontinuity (new timestamps or a new format) starts at this segment
 */
public record SegmentDescriptor(long sequence, int variant, Duration start, Duration duration,
                                Optional<ByteRange> bytes, boolean discontinuity) {

    /** Validates the fields; throws IllegalArgumentException naming the bad value. */
    public SegmentDescriptor {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(bytes, "bytes");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence < 0: " + sequence);
        }
        if (variant < 0) {
            throw new IllegalArgumentException("variant < 0: " + variant);
        }
        if (start.isNegative()) {
            throw new IllegalArgumentException("start is negative: " + start);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0: " + duration);
        }
    }

    /** Returns the playback time at which the segment ends. */
    public Duration end() {
        return start.plus(duration);
    }

    /** Returns whether {@code time} falls within {@code [start, end)}. */
    public boolean covers(Duration time) {
        return time.compareTo(start) >= 0 && time.compareTo(end()) < 0;
    }
}
