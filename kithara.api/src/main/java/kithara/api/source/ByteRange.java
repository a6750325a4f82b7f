package kithara.api.source;

/**
 * A half-open range of byte offsets {@code [start, end)}. Immutable.
 *
 * @param start first offset, {@code >= 0}
 * @param end   offset after the last byte, {@code >= start}; an empty range has {@code end == start}
 */
public record ByteRange(long start, long end) {

    /** Validates the bounds; throws IllegalArgumentException naming the bad value. */
    public ByteRange {
        if (start < 0) {
            throw new IllegalArgumentException("start < 0: " + start);
        }
        if (end < start) {
            throw new IllegalArgumentException("end < start: [" + start + ", " + end + ")");
        }
    }

    /** Returns the range of {@code length} bytes starting at {@code start}. */
    public static ByteRange ofLength(long start, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length < 0: " + length);
        }
        return new ByteRange(start, Math.addExact(start, length));
    }

    /** Returns the number of bytes in the range. */
    public long length() {
        return end - start;
    }

    /** Returns whether the range holds no byte. */
    public boolean isEmpty() {
        return end == start;
    }

    /** Returns whether {@code offset} lies in the range. */
    public boolean contains(long offset) {
        return offset >= start && offset < end;
    }

    /** Returns whether every byte of {@code other} lies in this range; an empty range is contained at any offset inside or at the bounds. */
    public boolean contains(ByteRange other) {
        return other.start >= start && other.end <= end;
    }

    /** Returns whether the two ranges share at least one byte. */
    public boolean overlaps(ByteRange other) {
        return other.start < end && start < other.end;
    }

    /** Returns this range clipped to end at {@code limit} at the latest. */
    public ByteRange clipTo(long limit) {
        return end <= limit ? this : new ByteRange(Math.min(start, limit), limit);
    }

    /** Formats as {@code [start, end)}. */
    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
