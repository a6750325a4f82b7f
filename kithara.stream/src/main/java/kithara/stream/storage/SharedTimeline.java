package kithara.stream.storage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import kithara.api.source.ByteRange;
import kithara.api.source.Timeline;

/**
 * The {@link Timeline} of one source: lock-free fields plus callbacks run whenever the reader moves (the producer uses it to wake its downloader when backpressure may have eased) and whenever the
 * pipeline publishes the playback position.
 */
public final class SharedTimeline implements Timeline {

    private final AtomicLong readPosition = new AtomicLong();
    private final AtomicReference<Duration> playback = new AtomicReference<>(Duration.ZERO);
    private final Supplier<List<ByteRange>> buffered;
    private final Runnable onReaderMoved;
    private final Consumer<Duration> onPlayback;

    /**
     * @param buffered      supplies the present byte ranges
     * @param onReaderMoved run after every published read position that moved; must not block
     * @param onPlayback    given every published playback position; must not block
     */
    public SharedTimeline(Supplier<List<ByteRange>> buffered, Runnable onReaderMoved, Consumer<Duration> onPlayback) {
        this.buffered = buffered;
        this.onReaderMoved = onReaderMoved;
        this.onPlayback = onPlayback;
    }

    @Override
    public long readPosition() {
        return readPosition.get();
    }

    @Override
    public void publishReadPosition(long offset) {
        if (readPosition.getAndSet(offset) != offset) {
            onReaderMoved.run();
        }
    }

    @Override
    public Duration playbackPosition() {
        return playback.get();
    }

    @Override
    public void publishPlaybackPosition(Duration position) {
        playback.set(position);
        onPlayback.accept(position);
    }

    @Override
    public List<ByteRange> bufferedRanges() {
        return buffered.get();
    }
}
