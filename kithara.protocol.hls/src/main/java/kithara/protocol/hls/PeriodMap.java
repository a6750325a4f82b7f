package kithara.protocol.hls;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import kithara.api.source.ByteRange;
import kithara.api.source.SourceException;
import kithara.api.source.SourcePhase;

/**
 * The byte space of an HLS stream: its {@link Period periods} in order, each placed right after the one before it
 * once that one has all its bytes. Periods the reader has left are released and then forgotten, so a live stream
 * that opens one at every discontinuity holds only those it still plays. Not thread-safe: the stream's lock guards it.
 */
final class PeriodMap {

    private final String name;
    private final List<Period> periods = new ArrayList<>();
    /** Bytes before this offset belonged to periods played, released and forgotten. */
    private long forgottenBefore;

    /** A map whose first period starts at byte 0. */
    PeriodMap(String name, Period first) {
        this.name = name;
        first.place(0);
        periods.add(first);
    }

    /** The period scheduled last: where new segments go. */
    Period last() {
        return periods.get(periods.size() - 1);
    }

    /** Whether {@code p} is the first period held (the one the stream started or restarted with, or played now). */
    boolean isFirst(Period p) {
        return periods.get(0) == p;
    }

    /** Adds the period that follows the last one; it is placed once the last one has all its bytes. */
    void append(Period next) {
        periods.add(next);
    }

    /** Places every period whose predecessor has all its bytes. */
    void placeDrained() {
        for (int i = 1; i < periods.size(); i++) {
            Period before = periods.get(i - 1);
            Period p = periods.get(i);
            if (!p.isPlaced() && before.isPlaced() && before.isDrained()) {
                p.place(before.end());
            }
        }
    }

    /**
     * The placed period holding {@code offset}: the last one starting at or before it.
     *
     * @throws SourceException CANCELLED when the bytes there were released, or a seek superseded them
     */
    Period holding(long offset) throws SourceException {
        Period found = null;
        for (Period p : periods) {
            if (p.isPlaced() && p.base() <= offset) {
                found = p;
            }
        }
        if (found == null && offset < forgottenBefore) {
            throw released(offset);
        }
        if (found == null || found.isDropped()) {
            throw new SourceException(SourceException.Reason.CANCELLED, name, Optional.of(ByteRange.ofLength(offset, 1)),
                    new IOException("a seek superseded these bytes"));
        }
        return found;
    }

    /**
     * Whether {@code range} can be read now: READY when its bytes are there (or those up to the end of a period that
     * has all its bytes: a read stops there), EOF when the stream is {@code complete} and the range starts at its end or later, else WAITING.
     *
     * @throws SourceException as {@link #holding} does
     */
    SourcePhase phaseOf(ByteRange range, boolean complete) throws SourceException {
        Period p = holding(range.start());
        long end = p.isDrained() ? Math.min(range.end(), p.end()) : range.end();
        if (range.isEmpty() || (range.start() < p.end() && end <= p.end())) {
            return SourcePhase.READY;
        }
        return complete && p == last() && range.start() >= p.end() ? SourcePhase.EOF : SourcePhase.WAITING;
    }

    /** The error for a read of bytes played long ago and released. */
    SourceException released(long offset) {
        return new SourceException(SourceException.Reason.CANCELLED, name, Optional.of(ByteRange.ofLength(offset, 1)),
                new IOException("segments played more than " + HlsStream.KEEP_PLAYED.toSeconds() + " s ago are released"));
    }

    /** Bytes fetched and not yet read, counting from {@code readPosition}. */
    long bytesAhead(long readPosition) {
        for (int i = periods.size() - 1; i >= 0; i--) {
            if (periods.get(i).isPlaced()) {
                return periods.get(i).end() - readPosition;
            }
        }
        return 0;
    }

    /**
     * Releases the segments that ended before {@code time}, and forgets the periods before {@code readPosition} whose
     * segments are all released.
     */
    void releaseEndedBefore(Duration time, long readPosition) {
        for (Period p : periods) {
            if (p.isPlaced() && !p.isDropped()) {
                p.releaseEndedBefore(time);
            }
        }
        while (periods.size() > 1) {
            Period first = periods.get(0);
            Period next = periods.get(1);
            if (!(first.isDrained() && first.isReleased() && next.isPlaced() && next.length() > 0
                    && readPosition >= next.base())) {
                return;
            }
            forgottenBefore = next.base();
            periods.remove(0);
        }
    }

    /**
     * Drops every period and starts again with {@code fresh}, placed after every byte handed out so far (offsets
     * are never reused: a reader of the old bytes gets an error, never new bytes). Returns where it starts.
     */
    long restartWith(Period fresh) {
        long base = 0;
        for (Period p : periods) {
            if (p.isPlaced()) {
                base = Math.max(base, p.end());
            }
            p.drop();
        }
        fresh.place(base);
        periods.clear();
        periods.add(fresh);
        return base;
    }

    /** The byte ranges held, in order. */
    List<ByteRange> buffered() {
        List<ByteRange> out = new ArrayList<>();
        for (Period p : periods) {
            if (p.isPlaced() && !p.isDropped() && p.length() > p.releasedUpTo()) {
                out.add(new ByteRange(p.base() + p.releasedUpTo(), p.end()));
            }
        }
        return out;
    }

    /** Releases every period's bytes: the stream closed. */
    void dropAll() {
        periods.forEach(Period::drop);
    }

    /** How many periods are held. */
    int size() {
        return periods.size();
    }
}
