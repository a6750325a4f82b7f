package kithara.protocol.hls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.event.KitharaEvent;
import kithara.api.net.BandwidthSample;
import kithara.api.net.Downloader;
import kithara.stream.storage.Listeners;

/**
 * Which variant an HLS stream's next segments come from. At each segment boundary it asks the {@link AbrController}
 * and plans the switch: the new variant's period starts one segment early (pre-roll for its decoder) when that segment
 * is in the same discontinuity run. Variant playlists load lazily: the first variant's neighbours in bandwidth ahead,
 * any other when the controller first picks it (the switch waits for it). It tells the stream's listeners about the
 * variants and every switch made. Called under the stream's lock, except {@link #loadNeighboursOf} and {@link #onSample}
 * (the controller has a lock of its own).
 */
final class VariantSwitcher {

    private static final Logger LOG = LoggerFactory.getLogger(VariantSwitcher.class);

    /**
     * A switch to make before segment {@code atSequence}: the new variant's period starts at {@code firstSequence}.
     *
     * @param reason what the controller said, for the logs and the event
     */
    record Switch(VariantTrack target, long firstSequence, long atSequence, String reason) {
    }

    private final String name;
    private final List<VariantTrack> tracks;
    private final AbrController abr;
    private final Downloader downloader;
    private final PlaylistTrust trust;
    private final Listeners listeners;
    private final BooleanSupplier closed;
    /** Variant playlists being loaded. */
    private final Set<VariantTrack> loading = ConcurrentHashMap.newKeySet();

    /** A switcher among {@code tracks} for the stream {@code name}; {@code closed} says when a failed load no longer matters. */
    VariantSwitcher(String name, List<VariantTrack> tracks, AbrController abr, Downloader downloader, PlaylistTrust trust,
                    Listeners listeners, BooleanSupplier closed) {
        this.name = name;
        this.tracks = List.copyOf(tracks);
        this.abr = abr;
        this.downloader = downloader;
        this.trust = trust;
        this.listeners = listeners;
        this.closed = closed;
    }

    /** The variant of this index. */
    VariantTrack track(int index) {
        return tracks.get(index);
    }

    /** Tells the listeners the variants and the first one (nothing for a single variant). */
    void announce(VariantTrack first, long firstSequence, String why) {
        if (tracks.size() < 2) {
            return;
        }
        listeners.publishState(new KitharaEvent.VariantsDiscovered(tracks.stream().map(t -> new KitharaEvent.VariantsDiscovered
                .Variant(t.index(), t.variant().bandwidth(), String.join(",", t.variant().codecs()))).toList()));
        listeners.publishState(new KitharaEvent.VariantSwitched(first.index(), first.index(), first.variant().bandwidth(),
                firstSequence, why));
    }

    /** Loads the playlists of the variants next to {@code first} in bandwidth, for the first switch (none when fixed). */
    void loadNeighboursOf(VariantTrack first) {
        if (!abr.isFixed()) {
            neighbours(first).forEach(this::load);
        }
    }

    /** Whether segments go one at a time for now: the controller adapts and has no throughput estimate yet. */
    boolean awaitsFirstEstimate() {
        return !abr.isFixed() && !abr.hasEstimate();
    }

    /** Takes a throughput sample; the controller's new estimate, when it took it. */
    Optional<Double> onSample(BandwidthSample sample) {
        return abr.onSample(sample.bytes(), sample.elapsed());
    }

    /**
     * The switch to make before {@code segment} of variant {@code from}, with {@code buffered} audio fetched ahead of
     * playback; empty to stay (also while the chosen variant's playlist loads, or when it lacks the segment).
     */
    Optional<Switch> decide(VariantTrack from, Playlist.Segment segment, Duration buffered) {
        if (tracks.size() < 2 || abr.isFixed()) {
            return Optional.empty();
        }
        Optional<AbrController.Switch> decision = abr.decide(from.index(), buffered, System.nanoTime());
        LOG.debug("{}: segment {}: estimate {} bit/s, buffer {}: {}", name, segment.sequence(), (long) abr.estimate(), buffered,
                decision);
        if (decision.isEmpty()) {
            return Optional.empty();
        }
        VariantTrack target = tracks.get(decision.get().variant());
        if (!target.isLoaded()) {
            load(target);
            return Optional.empty();
        }
        long sequence = segment.sequence();
        if (target.segment(sequence).isEmpty()) {
            return Optional.empty();
        }
        Optional<Playlist.Segment> preRoll = target.segment(sequence - 1);
        boolean samePeriod = preRoll.isPresent() && preRoll.get().discontinuitySequence() == segment.discontinuitySequence();
        return Optional.of(new Switch(target, samePeriod ? sequence - 1 : sequence, sequence, decision.get().reason()));
    }

    /** Notes that the stream made {@code made} from variant {@code from}: the controller's interval starts, listeners hear. */
    void made(VariantTrack from, Switch made) {
        abr.applied(System.nanoTime());
        LOG.info("{}: variant {} -> {} at segment {} ({})", name, from.index(), made.target().index(), made.atSequence(),
                made.reason());
        listeners.publishState(new KitharaEvent.VariantSwitched(from.index(), made.target().index(),
                made.target().variant().bandwidth(), made.atSequence(), made.reason()));
    }

    /** The variants just below and just above {@code track} in bandwidth. */
    private List<VariantTrack> neighbours(VariantTrack track) {
        List<VariantTrack> byBandwidth = new ArrayList<>(tracks);
        byBandwidth.sort(Comparator.comparingLong((VariantTrack t) -> t.variant().bandwidth())
                .thenComparingInt(VariantTrack::index));
        int at = byBandwidth.indexOf(track);
        List<VariantTrack> near = new ArrayList<>();
        if (at > 0) {
            near.add(byBandwidth.get(at - 1));
        }
        if (at + 1 < byBandwidth.size()) {
            near.add(byBandwidth.get(at + 1));
        }
        return near;
    }

    /** Loads a variant's playlist for a later switch to it, unless it is loaded or loading. */
    private void load(VariantTrack track) {
        if (track.isLoaded() || !loading.add(track)) {
            return;
        }
        track.load(downloader, trust).whenComplete((changed, error) -> {
            loading.remove(track);
            if (error != null && !closed.getAsBoolean()) {
                LOG.warn("{}: loading variant {} failed: {}", name, track.index(), error.getMessage());
            }
        });
    }
}
