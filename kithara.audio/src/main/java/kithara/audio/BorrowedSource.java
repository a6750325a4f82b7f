package kithara.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import kithara.api.event.KitharaListener;
import kithara.api.media.MediaInfo;
import kithara.api.source.ByteRange;
import kithara.api.source.ReadOutcome;
import kithara.api.source.SeekAnchor;
import kithara.api.source.SegmentLayout;
import kithara.api.source.Source;
import kithara.api.source.SourcePhase;
import kithara.api.source.Timeline;
import kithara.api.source.WaitOutcome;

/**
 * A source lent to one decoder: everything goes to the resource's source except {@link #close}, so that
 * replacing the decoder (fallback, hot swap) keeps the source and what it has downloaded.
 */
final class BorrowedSource implements Source {

    private final Source owner;

    BorrowedSource(Source owner) {
        this.owner = owner;
    }

    @Override
    public WaitOutcome waitRange(ByteRange range, Duration timeout) throws IOException {
        return owner.waitRange(range, timeout);
    }

    @Override
    public ReadOutcome readAt(long offset, ByteBuffer dst) throws IOException {
        return owner.readAt(offset, dst);
    }

    @Override
    public OptionalLong length() {
        return owner.length();
    }

    @Override
    public Timeline timeline() {
        return owner.timeline();
    }

    @Override
    public MediaInfo mediaInfo() {
        return owner.mediaInfo();
    }

    @Override
    public SourcePhase phase() {
        return owner.phase();
    }

    @Override
    public SourcePhase phaseAt(ByteRange range) {
        return owner.phaseAt(range);
    }

    @Override
    public Optional<SegmentLayout> segmentLayout() {
        return owner.segmentLayout();
    }

    @Override
    public Optional<SeekAnchor> seekAnchor(Duration time) {
        return owner.seekAnchor(time);
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
}
