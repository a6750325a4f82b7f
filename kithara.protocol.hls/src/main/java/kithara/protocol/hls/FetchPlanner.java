package kithara.protocol.hls;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.net.FetchCmd;
import kithara.api.net.FetchPriority;

/**
 * Decides what an HLS stream fetches next: the next segments of its last {@link Period}, up to {@code prefetch} in
 * flight, as far ahead as the {@link Limits} allow (DEMAND while the reader has nothing ahead of it, else PREFETCH).
 * At each segment the {@link VariantSwitcher} may switch variants; a switch, a discontinuity, a new init section and a
 * jump to the start of a live window fence the period and open the next one in the {@link PeriodMap}. A VOD period
 * is fenced after the playlist's last segment. Not thread-safe: the stream calls it under its lock.
 */
final class FetchPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(FetchPlanner.class);

    /**
     * How far a stream fetches ahead.
     *
     * @param prefetch    segments fetched in parallel at most
     * @param bufferAhead audio fetched ahead of the playback position at most
     * @param lookAhead   bytes fetched ahead of the reader at most
     */
    record Limits(int prefetch, Duration bufferAhead, long lookAhead) {
    }

    private final String name;
    private final VariantSwitcher variants;
    private final PartFetcher parts;
    private final Limits limits;
    private final PeriodMap periods;
    private final Runnable periodsChanged;
    private final Consumer<Period> partDone;

    /**
     * @param periodsChanged told, under the stream's lock, when a period was fenced or opened
     * @param partDone       told when a part's fetch ended, on the thread that ended it, without the stream's lock
     */
    FetchPlanner(String name, VariantSwitcher variants, PartFetcher parts, Limits limits, PeriodMap periods,
                 Runnable periodsChanged, Consumer<Period> partDone) {
        this.name = name;
        this.variants = variants;
        this.parts = parts;
        this.limits = limits;
        this.periods = periods;
        this.periodsChanged = periodsChanged;
        this.partDone = partDone;
    }

    /**
     * Adds to {@code commands}, up to {@code max} of them, the fetches of the segments to come. When it opens a new
     * period it goes on with that one: the downloader polls again only after it started something.
     *
     * @param readPosition where the reader is in the stream's bytes
     * @param playbackTime the playback position on the playlist's clock
     * @return whether it stopped at a limit that reading or playback moves (bytes ahead of the reader, audio ahead of
     *         playback); otherwise a fetch that ends, a reload or the downloader's next poll lets it go on
     */
    boolean plan(int max, List<FetchCmd> commands, long readPosition, Duration playbackTime) {
        while (commands.size() < max) {
            Period p = periods.last();
            if (p.isFenced() || p.pending() >= limits.prefetch()) {
                return false; // a fetch that ends wakes the downloader
            }
            VariantTrack track = p.track();
            long sequence = p.nextSequence();
            long ahead = periods.bytesAhead(readPosition);
            if (ahead >= limits.lookAhead() || (ahead > 0
                    && track.startOf(sequence).compareTo(playbackTime.plus(limits.bufferAhead())) > 0)) {
                return true;
            }
            Optional<Playlist.Segment> next = track.segment(sequence);
            if (next.isEmpty()) {
                if (!track.isLive()) {
                    p.fence();
                    periodsChanged.run();
                    return false;
                }
                if (sequence >= track.firstSequence()) {
                    return false; // the live edge: wait for the next reload
                }
                LOG.info("{}: fell behind the live window at {}; jumping to {}", name, sequence, track.firstSequence());
                openPeriod(p, track, track.firstSequence(), false);
                continue;
            }
            Playlist.Segment segment = next.get();
            if (p.hasScheduled() && !p.continues(segment)) {
                openPeriod(p, track, sequence, !(segment.discontinuitySequence() != track.segment(sequence - 1)
                        .map(Playlist.Segment::discontinuitySequence).orElse(segment.discontinuitySequence())));
                continue;
            }
            if (p.hasScheduled() && variants.awaitsFirstEstimate() && p.pending() > 0) {
                return false; // one segment at a time until the first throughput sample, so ABR can act from segment 2
            }
            if (p.hasScheduled() && switched(p, segment, playbackTime)) {
                continue;
            }
            if (segment.gap()) {
                p.skip(segment);
                continue;
            }
            fetch(p, segment, ahead <= 0 ? FetchPriority.DEMAND : FetchPriority.PREFETCH, commands);
        }
        return false;
    }

    /** Schedules {@code segment}'s parts in {@code p}: its init section too when it is the period's first. */
    private void fetch(Period p, Playlist.Segment segment, FetchPriority priority, List<FetchCmd> commands) {
        CompletableFuture<PartBytes> init = p.hasScheduled() ? null
                : segment.init().map(i -> parts.fetch(i, priority, commands)).orElse(null);
        CompletableFuture<PartBytes> bytes = parts.fetch(segment.part(), priority, commands);
        p.schedule(segment, init, bytes);
        bytes.whenComplete((b, e) -> partDone.accept(p));
        if (init != null) {
            init.whenComplete((b, e) -> partDone.accept(p));
        }
    }

    /** Asks the variant switcher about the segment to come; on a switch, opens the new variant's period. */
    private boolean switched(Period p, Playlist.Segment segment, Duration playbackTime) {
        Duration buffered = p.appendedEnd().minus(playbackTime);
        Optional<VariantSwitcher.Switch> next = variants.decide(p.track(), segment,
                buffered.isNegative() ? Duration.ZERO : buffered);
        if (next.isEmpty()) {
            return false;
        }
        openPeriod(p, next.get().target(), next.get().firstSequence(), true);
        variants.made(p.track(), next.get());
        return true;
    }

    /** Fences {@code p} and opens the next period; it is placed once {@code p} has all its bytes. */
    private void openPeriod(Period p, VariantTrack track, long firstSequence, boolean continuous) {
        LOG.debug("{}: period {} ends; next from {} (continuous {})", name, p, firstSequence, continuous);
        p.fence();
        periods.append(new Period(track, firstSequence, continuous, track.mediaInfo()));
        periodsChanged.run();
    }
}
