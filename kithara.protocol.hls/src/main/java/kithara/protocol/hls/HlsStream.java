package kithara.protocol.hls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.event.KitharaEvent;
import kithara.api.event.KitharaListener;
import kithara.api.media.MediaInfo;
import kithara.api.net.BandwidthSample;
import kithara.api.net.Downloader;
import kithara.api.net.FetchCmd;
import kithara.api.net.FetchException;
import kithara.api.net.Peer;
import kithara.api.net.PeerHandle;
import kithara.api.source.ByteRange;
import kithara.api.source.FormatPeriod;
import kithara.api.source.PendingReason;
import kithara.api.source.ReadOutcome;
import kithara.api.source.SeekAnchor;
import kithara.api.source.Source;
import kithara.api.source.SourceException;
import kithara.api.source.SourcePhase;
import kithara.api.source.Timeline;
import kithara.api.source.WaitOutcome;
import kithara.stream.storage.Listeners;
import kithara.stream.storage.PlaybackProgress;
import kithara.stream.storage.SharedTimeline;

/**
 * An HLS stream as one {@link Source}: a sequence of {@link Period format periods}, each an init section and a run
 * of one variant's segments, stitched one after another in one byte space ({@link PeriodMap}). The stream is also the
 * downloader's {@link Peer}: its {@link FetchPlanner} decides, under the stream's lock, which segments to fetch next
 * (switching variants, opening periods); the stream appends them in order as they complete, wakes its readers, and
 * releases the segments played long enough ago. A seek opens a new period too. Live playlists are reloaded by a
 * {@link LiveReloader}.
 */
final class HlsStream implements Source, Peer, LiveReloader.Stream {

    private static final Logger LOG = LoggerFactory.getLogger(HlsStream.class);
    /** A seek this close after a segment's start begins one segment earlier, so that the decoder converges. */
    private static final Duration SEEK_PRE_ROLL = Duration.ofMillis(500);
    /** Audio kept behind the playback position; segments that ended earlier are released. */
    static final Duration KEEP_PLAYED = Duration.ofSeconds(10);
    /**
     * How far playback moves before the stream releases played segments and lets the downloader look further ahead:
     * readers publish the position at every read (a thousand times a minute with AAC), segments last seconds.
     */
    static final long PLAYBACK_STEP_MS = 250;

    private final String name;
    /** The stream's URI (its name), named by the events it publishes. */
    private final URI uri;
    private final VariantSwitcher variants;
    private final PartFetcher parts;
    private final FetchPlanner planner;
    private final Downloader downloader;
    private final Listeners listeners = new Listeners();
    private final SharedTimeline timeline;
    private final PeriodMap periods;
    private final Duration origin;
    private final LiveReloader reloader;
    private PeerHandle handle;
    /**
     * Set by the reader's thread when playback moved a step; the next holder of the stream's lock (the decode thread's
     * next read, several a second while it plays, or the downloader's next poll) releases the played segments.
     */
    private volatile boolean releaseDue;
    /**
     * Whether the last scheduling stopped at a limit the reader moves (bytes ahead of it, audio ahead of playback):
     * only then do its reads and the playback position wake the downloader (a decode at 200 times real time moves
     * playback a step 800 times a minute).
     */
    private volatile boolean waitsForReader;
    private IOException failure;
    private boolean complete;
    private boolean closed;

    HlsStream(String name, List<VariantTrack> tracks, AbrController abr, PartFetcher parts, FetchPlanner.Limits limits,
              Downloader downloader, PlaylistTrust trust, ScheduledExecutorService scheduler, int variant,
              long firstSequence, String why) {
        this.name = name;
        this.uri = URI.create(name);
        this.variants = new VariantSwitcher(name, tracks, abr, downloader, trust, listeners, this::isClosed);
        this.parts = parts;
        this.downloader = downloader;
        this.reloader = new LiveReloader(downloader, trust, scheduler, this);
        PlaybackProgress progress = new PlaybackProgress(listeners);
        AtomicLong playbackStep = new AtomicLong(Long.MIN_VALUE);
        this.timeline = new SharedTimeline(this::bufferedRanges, this::wakeIfWaitedFor, position -> {
            progress.accept(position);
            long step = position.toMillis() / PLAYBACK_STEP_MS;
            if (playbackStep.getAndSet(step) != step) {
                // the reader's thread publishes the position after every read: it only marks the release due, so it
                // never waits for the stream's lock while a read or a poll holds it
                releaseDue = true;
                wakeIfWaitedFor(); // how far ahead the stream may fetch depends on the playback position
            }
        });
        VariantTrack track = variants.track(variant);
        this.origin = track.startOf(firstSequence);
        this.periods = new PeriodMap(name, new Period(track, firstSequence, true, track.mediaInfo()));
        this.planner = new FetchPlanner(name, variants, parts, limits, periods, this::settle, this::partDone);
        variants.announce(track, firstSequence, why);
    }

    /**
     * Registers with the downloader and, for live playlists, starts reloading. With adaptive bitrate, the variants
     * next in bandwidth to the first are loaded ahead; any other loads when the controller first picks it (a master
     * of a hundred variants costs a handful of playlist loads, not a hundred).
     */
    HlsStream start() {
        parts.pin();
        handle = downloader.register(this);
        variants.loadNeighboursOf(periods.last().track());
        reloader.start();
        return this;
    }

    // ---- the producer side

    @Override
    public List<FetchCmd> poll(int max) {
        List<FetchCmd> commands = new ArrayList<>();
        synchronized (this) {
            if (closed || failure != null || max <= 0) {
                return List.of();
            }
            releasePlayedIfDue();
            waitsForReader = planner.plan(max, commands, timeline.readPosition(), playbackTime());
        }
        return commands;
    }

    /**
     * When playback moved on since the last time, releases the segments that ended more than {@link #KEEP_PLAYED}
     * before the playback position, and forgets the periods the reader left whose segments are all released (a live
     * stream opens one at every discontinuity). Under the stream's lock.
     */
    private void releasePlayedIfDue() {
        if (releaseDue) {
            releaseDue = false;
            periods.releaseEndedBefore(playbackTime().minus(KEEP_PLAYED), timeline.readPosition());
        }
    }

    private void partDone(Period p) {
        synchronized (this) {
            if (closed || p.isDropped() || failure != null) {
                return;
            }
            try {
                if (p.appendCompleted()) {
                    Duration through = p.appendedEnd().minus(origin);
                    listeners.publishState(new KitharaEvent.MediaBuffered(uri, through.isNegative()
                            ? Duration.ZERO : through));
                }
            } catch (CompletionException e) {
                fail(e.getCause());
                return;
            }
            settle();
        }
        wake();
    }

    /** Places periods whose predecessor is drained, notes the end of the stream, and wakes readers. */
    private void settle() {
        periods.placeDrained();
        Period last = current();
        if (!complete && last.isPlaced() && last.isDrained() && !last.track().isLive()) {
            complete = true;
            listeners.publishState(new KitharaEvent.DownloadComplete(uri, last.end()));
        }
        notifyAll();
    }

    private void fail(Throwable cause) {
        boolean cancelled = cause instanceof FetchException f && f.reason() == FetchException.Reason.CANCELLED;
        failure = cause instanceof IOException io ? io : new IOException(cause);
        if (!cancelled) {
            URI failed = cause instanceof FetchException f ? f.uri() : uri;
            listeners.publish(new KitharaEvent.DownloadError(failed, cause instanceof FetchException f ? f.reason().name()
                    : "IO", String.valueOf(cause.getMessage()), false));
        }
        notifyAll();
    }

    @Override
    public void onBandwidthSample(BandwidthSample sample) {
        Optional<Double> estimate = variants.onSample(sample); // the estimator's own lock, not the stream's
        estimate.ifPresent(e -> listeners.publish(new KitharaEvent.ThroughputSample(sample.bitsPerSecond(), e)));
        wake();
    }

    @Override
    public String describe() {
        return name;
    }

    /** The playback position on the playlist's clock. */
    private Duration playbackTime() {
        return origin.plus(timeline.playbackPosition());
    }

    private Period current() {
        return periods.last();
    }

    private void wake() {
        PeerHandle h = handle;
        if (h != null) {
            h.wake();
        }
    }

    /**
     * Wakes the downloader when the last scheduling waited for the reader or playback to move on. A move that races
     * with a scheduling may go unnoticed until the next one; a reader that runs dry wakes the downloader itself
     * ({@link #waitRange}).
     */
    private void wakeIfWaitedFor() {
        if (waitsForReader) {
            wake();
        }
    }

    // ---- live playlists

    @Override
    public synchronized Optional<VariantTrack> liveTrack() {
        VariantTrack track = current().track();
        return closed || !track.isLive() ? Optional.empty() : Optional.of(track);
    }

    @Override
    public void reloaded(VariantTrack track, Optional<Throwable> error, int inARow, boolean fatal) {
        synchronized (this) {
            if (error.isEmpty()) {
                LOG.debug("{}: reloaded, segments {} to {}{}", name, track.firstSequence(), track.lastSequence(),
                        track.isLive() ? "" : ", ended");
            } else {
                Throwable cause = error.get();
                LOG.warn("{}: reloading {} failed: {}", name, track.uri(), cause.getMessage());
                listeners.publish(new KitharaEvent.DownloadError(track.uri(), "PLAYLIST", String.valueOf(cause.getMessage()),
                        !fatal));
                if (fatal && failure == null) {
                    fail(new SourceException(SourceException.Reason.FAILED, track.uri().toString(), Optional.empty(), cause));
                }
            }
            settle();
        }
        wake();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    // ---- the reader side

    private void throwIfFailed(ByteRange range) throws SourceException {
        if (failure != null) {
            throw new SourceException(SourceException.Reason.FAILED, name, Optional.of(range), failure);
        }
    }

    @Override
    public synchronized ReadOutcome readAt(long offset, ByteBuffer dst) throws IOException {
        if (offset < 0 || !dst.hasRemaining()) {
            throw new IllegalArgumentException("offset " + offset + ", space " + dst.remaining());
        }
        throwIfFailed(ByteRange.ofLength(offset, dst.remaining()));
        if (closed) {
            throw new SourceException(SourceException.Reason.CANCELLED, name, Optional.empty(), null);
        }
        releasePlayedIfDue();
        Period p = periods.holding(offset);
        int n;
        try {
            n = p.read(offset - p.base(), dst);
        } catch (IOException e) {
            throw new SourceException(SourceException.Reason.FAILED, name, Optional.of(ByteRange.ofLength(offset,
                    dst.remaining())), e);
        }
        if (n > 0) {
            return ReadOutcome.bytes(n);
        }
        if (n < 0) {
            throw periods.released(offset);
        }
        if (complete && p == current() && offset >= p.end()) {
            return ReadOutcome.eof();
        }
        return ReadOutcome.pending(p.length() == 0 && !periods.isFirst(p) ? PendingReason.VARIANT_CHANGE : PendingReason.NOT_READY);
    }

    @Override
    public synchronized WaitOutcome waitRange(ByteRange range, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean woken = false;
        try {
            while (true) {
                throwIfFailed(range);
                if (closed) {
                    return WaitOutcome.CANCELLED;
                }
                SourcePhase now = periods.phaseOf(range, complete);
                if (now != SourcePhase.WAITING) {
                    return now == SourcePhase.EOF ? WaitOutcome.EOF : WaitOutcome.READY;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return WaitOutcome.TIMED_OUT;
                }
                if (!woken) {
                    wake(); // a reader waits: the downloader polls again, whatever wake-up was missed before
                    woken = true;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + range + " of " + name);
        }
    }

    @Override
    public synchronized OptionalLong length() {
        return complete ? OptionalLong.of(current().end()) : OptionalLong.empty();
    }

    @Override
    public Timeline timeline() {
        return timeline;
    }

    /** The media of the period being read: one scheduled after a variant switch may be fetched ahead of it. */
    @Override
    public synchronized MediaInfo mediaInfo() {
        try {
            return periods.holding(timeline.readPosition()).describe().media();
        } catch (SourceException e) {
            return current().describe().media(); // the reader is in bytes released or superseded
        }
    }

    @Override
    public synchronized Optional<FormatPeriod> periodAt(long offset) {
        try {
            return Optional.of(periods.holding(offset).describe());
        } catch (SourceException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized SourcePhase phase() {
        if (failure != null) {
            return SourcePhase.FAILED;
        }
        if (closed) {
            return SourcePhase.CANCELLED;
        }
        return complete && timeline.readPosition() >= current().end() ? SourcePhase.EOF : SourcePhase.WAITING;
    }

    @Override
    public synchronized SourcePhase phaseAt(ByteRange range) {
        if (failure != null || closed) {
            return phase();
        }
        try {
            return periods.phaseOf(range, complete);
        } catch (SourceException e) {
            return SourcePhase.CANCELLED;
        }
    }

    /**
     * Starts a new period at the segment playing at {@code time} (one earlier when the time is within
     * half a second of its start), in the variant playing now; earlier periods are dropped.
     */
    @Override
    public Optional<SeekAnchor> seekAnchor(Duration time) {
        SeekAnchor anchor;
        synchronized (this) {
            if (closed || failure != null) {
                return Optional.empty();
            }
            Period now = current();
            VariantTrack track = now.track();
            Duration target = origin.plus(time);
            long sequence = track.seekStart(target, SEEK_PRE_ROLL);
            long base = periods.restartWith(new Period(track, sequence, true, track.mediaInfo()));
            complete = false;
            Duration anchorTime = track.startOf(sequence).minus(origin);
            anchor = new SeekAnchor(time, anchorTime.isNegative() ? Duration.ZERO : anchorTime.compareTo(time) > 0 ? time
                    : anchorTime, base, OptionalLong.of(sequence));
            timeline.publishReadPosition(base);
            notifyAll();
        }
        wake();
        return Optional.of(anchor);
    }

    private synchronized List<ByteRange> bufferedRanges() {
        releasePlayedIfDue();
        return periods.buffered();
    }

    @Override
    public void addListener(KitharaListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(KitharaListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            reloader.cancel();
            periods.dropAll();
            notifyAll();
        }
        if (handle != null) {
            handle.close();
        }
        parts.unpin();
    }

    /** How many periods the stream holds: those not yet played, and the played ones whose segments are not all released. */
    synchronized int heldPeriods() {
        releasePlayedIfDue();
        return periods.size();
    }

    @Override
    public String toString() {
        return "HlsStream[" + name + "]";
    }
}
