package kithara.stream.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import kithara.api.source.ByteRange;

/**
 * A set of byte offsets kept as sorted, merged, non-overlapping ranges. Adjacent and overlapping ranges
 * merge on {@link #add}. Not thread-safe: its owner guards it.
 */
public final class RangeSet {

    /** start → end (exclusive) of each disjoint, non-adjacent range. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private long total;

    /** Adds {@code range}, merging it with the ranges it touches. */
    public void add(ByteRange range) {
        if (range.isEmpty()) {
            return;
        }
        long start = range.start();
        long end = range.end();
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            total -= next.getValue() - next.getKey();
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
        total += end - start;
    }

    /** Returns whether every byte of {@code range} is present; an empty range always is. */
    public boolean contains(ByteRange range) {
        if (range.isEmpty()) {
            return true;
        }
        Map.Entry<Long, Long> e = ranges.floorEntry(range.start());
        return e != null && e.getValue() >= range.end();
    }

    /** Returns the end of the run of present bytes starting at {@code offset}, or {@code offset} when it is absent. */
    public long contiguousEnd(long offset) {
        Map.Entry<Long, Long> e = ranges.floorEntry(offset);
        return e != null && e.getValue() > offset ? e.getValue() : offset;
    }

    /** Returns the parts of {@code within} that are not present, in order. */
    public List<ByteRange> gaps(ByteRange within) {
        List<ByteRange> gaps = new ArrayList<>();
        long cursor = within.start();
        Map.Entry<Long, Long> first = ranges.floorEntry(cursor);
        Long from = first != null && first.getValue() > cursor ? first.getKey() : cursor;
        for (Map.Entry<Long, Long> e : ranges.tailMap(from, true).entrySet()) {
            if (e.getKey() >= within.end()) {
                break;
            }
            if (e.getKey() > cursor) {
                gaps.add(new ByteRange(cursor, e.getKey()));
            }
            cursor = Math.max(cursor, e.getValue());
        }
        if (cursor < within.end()) {
            gaps.add(new ByteRange(cursor, within.end()));
        }
        return gaps;
    }

    /** Returns the number of bytes present. */
    public long total() {
        return total;
    }

    /** Returns the present ranges, sorted; a copy. */
    public List<ByteRange> ranges() {
        List<ByteRange> list = new ArrayList<>(ranges.size());
        ranges.forEach((s, e) -> list.add(new ByteRange(s, e)));
        return list;
    }

    /** Removes everything. */
    public void clear() {
        ranges.clear();
        total = 0;
    }

    @Override
    public String toString() {
        return ranges().toString();
    }
}
