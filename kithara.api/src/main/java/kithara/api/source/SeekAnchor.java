package kithara.api.source;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where to start reading to reach a playback time: a byte offset at or before the time, and the time
 * that offset starts at. The decoder reads from {@code byteOffset} and discards PCM up to the
 * requested time. Immutable.
 *
 * @param requested  the time the caller asked for
 * @param anchorTime the playback time at {@code byteOffset}, not after {@code requested}
 * @param byteOffset where to start reading, {@code >= 0}
 * @param segment    the media sequence number of the segment starting at {@code byteOffset}, when segmented
 */
public record SeekAnchor(Duration requested, Duration anchorTime, long byteOffset, OptionalLong segment) {

    /** Validates the fields; throws IllegalArgumentException naming the bad value. */
    public SeekAnchor {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(anchorTime, "anchorTime");
        Objects.requireNonNull(segment, "segment");
        if (byteOffset < 0) {
            throw new IllegalArgumentException("byteOffset < 0: " + byteOffset);
        }
        if (anchorTime.compareTo(requested) > 0) {
            throw new IllegalArgumentException("anchorTime " + anchorTime + " is after requested " + requested);
        }
    }
}
