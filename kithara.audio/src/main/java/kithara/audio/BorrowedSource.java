package kithara.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import kithara.api.event.KitharaListener;
import kithara.api.media.MediaInfo;
import kithara.api.source.ByteRange;
import kithara.api.source.FormatPeriod;
import kithara.api.source.ReadOutcome;
import kithara.api.source.Source;
import kithara.api.source.SourcePhase;
import kithara.api.source.Timeline;
import kithara.api.source.WaitOutcome;

/**
 * The part of the resource's source lent to one decoder: for sources of one format, all of it; for sources with
 * {@link FormatPeriod format periods}, the period starting at {@code base}, re-based to offset 0 and ending where
 * the next period begins (the decoder sees the end of its stream there). {@link #close} does nothing, so that
 * replacing the decoder (a new period, fallback, hot swap) keeps the source and what it has downloaded.
 */
final class BorrowedSource implements Source {

    private final Source owner;
    private final long base;
    private final Optional<FormatPeriod> period;
    private final Timeline timeline;
    private volatile FormatPeriod next;

    BorrowedSource(Source owner, long base) {
        this.owner = owner;
        this.base = base;
        this.period = owner.periodAt(base);
        this.timeline = new RebasedTimeline(owner.timeline(), base);
    }

    /** Returns the period this view reads, empty for sources of one format. */
    Optional<FormatPeriod> period() {
        return period;
    }

    /** Returns the period that follows, once the decoder reached the end of this one. */
    Optional<FormatPeriod> nextPeriod() {
        return Optional.ofNullable(next);
    }

    /** Whether {@code relative} lies in a later period; remembers that period. */
    private boolean pastEnd(long relative) {
        if (period.isEmpty()) {
            return false;
        }
        Optional<FormatPeriod> at = owner.periodAt(base + relative);
        if (at.isPresent() && at.get().byteStart() > base) {
            next = at.get();
            return true;
        }
        return false;
    }

    @Override
    public WaitOutcome waitRange(ByteRange range, Duration timeout) throws IOException {
        if (pastEnd(range.start())) {
            return WaitOutcome.EOF;
        }
        WaitOutcome outcome = owner.waitRange(ByteRange.ofLength(base + range.start(), range.length()), timeout);
        return outcome == WaitOutcome.READY && pastEnd(range.start()) ? WaitOutcome.EOF : outcome;
    }

    @Override
    public ReadOutcome readAt(long offset, ByteBuffer dst) throws IOException {
        if (pastEnd(offset)) {
            return ReadOutcome.eof();
        }
        ReadOutcome outcome = owner.readAt(base + offset, dst);
        return outcome instanceof ReadOutcome.Pending && pastEnd(offset) ? ReadOutcome.eof() : outcome;
    }

    @Override
    public OptionalLong length() {
        if (next != null) {
            return OptionalLong.of(next.byteStart() - base);
        }
        OptionalLong total = owner.length();
        return total.isPresent() ? OptionalLong.of(total.getAsLong() - base) : total;
    }

    @Override
    public Timeline timeline() {
        return timeline;
    }

    @Override
    public MediaInfo mediaInfo() {
        return period.map(FormatPeriod::media).orElseGet(owner::mediaInfo);
    }

    @Override
    public SourcePhase phase() {
        return owner.phase();
    }

    @Override
    public SourcePhase phaseAt(ByteRange range) {
        return owner.phaseAt(ByteRange.ofLength(base + range.start(), range.length()));
    }

    @Override
    public void addListener(KitharaListener listener) {
        owner.addListener(listener);
    }

    @Override
    public void removeListener(KitharaListener listener) {
        owner.removeListener(listener);
    }

    /** Does nothing: the resource owns the source. */
    @Override
    public void close() {
    }

    /** The owner's timeline seen from {@code base}: the reader's offsets are shifted both ways. */
    private record RebasedTimeline(Timeline owner, long base) implements Timeline {

        @Override
        public long readPosition() {
            return Math.max(0, owner.readPosition() - base);
        }

        @Override
        public void publishReadPosition(long offset) {
            owner.publishReadPosition(base + offset);
        }

        @Override
        public Duration playbackPosition() {
            return owner.playbackPosition();
        }

        @Override
        public void publishPlaybackPosition(Duration position) {
            owner.publishPlaybackPosition(position);
        }

        @Override
        public List<ByteRange> bufferedRanges() {
            return owner.bufferedRanges().stream().filter(r -> r.end() > base)
                    .map(r -> ByteRange.ofLength(Math.max(0, r.start() - base), r.end() - Math.max(base, r.start()))).toList();
        }
    }
}
