package kithara.protocol.hls;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import kithara.api.media.AudioCodec;
import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;
import kithara.api.net.Downloader;

/**
 * One variant's media playlist as last loaded, with the playback time of each segment. Live playlists are reloaded
 * and merged: segments keep the start times they were first given, new ones continue from the last. The start
 * times live in one clock shared by all variants of a stream (media sequence numbers line up across variants), so
 * a switch lands at the same time. Thread-safe.
 */
final class VariantTrack {

    private final int index;
    private final Playlist.Variant variant;
    /** Start times kept behind a live window, at least: other variants' windows may lag this one's. */
    private static final int MIN_CLOCK_BEHIND = 32;

    private final TreeMap<Long, Duration> clock;
    private Playlist.Media media;
    private boolean changedOnLastLoad = true;

    /**
     * @param index   the variant's index in the master playlist (0 when there is none)
     * @param variant what the master playlist says of it
     * @param clock   the stream's segment start times by media sequence number, shared by its tracks
     */
    VariantTrack(int index, Playlist.Variant variant, TreeMap<Long, Duration> clock) {
        this.index = index;
        this.variant = variant;
        this.clock = clock;
    }

    int index() {
        return index;
    }

    Playlist.Variant variant() {
        return variant;
    }

    URI uri() {
        return variant.uri();
    }

    /**
     * Fetches and parses the playlist again, and takes it.
     *
     * @return whether it had segments the previous one lacked; fails with the fetch's or the parser's exception
     */
    CompletableFuture<Boolean> load(Downloader downloader, PlaylistTrust trust) {
        return SmallFetch.start(downloader, uri(), trust.headersFor(uri()), PlaylistParser.MAX_CHARS).thenApply(fetched -> {
            try {
                Playlist loaded = PlaylistParser.parse(new String(fetched.body(), StandardCharsets.UTF_8), fetched.uri());
                trust.admit(uri(), loaded);
                if (loaded instanceof Playlist.Media media) {
                    return update(media);
                }
                throw new PlaylistException(uri().toString(), "a variant must be a media playlist");
            } catch (PlaylistException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Takes a newly loaded playlist; returns whether it had segments the previous one lacked. */
    boolean update(Playlist.Media loaded) {
        synchronized (clock) {
            long lastBefore = media == null || media.segments().isEmpty() ? Long.MIN_VALUE : lastSequence();
            media = loaded;
            Duration t = null;
            for (Playlist.Segment s : loaded.segments()) {
                Duration known = clock.get(s.sequence());
                if (known != null) {
                    t = known;
                } else {
                    if (t == null) {
                        var before = clock.floorEntry(s.sequence());
                        t = before == null ? Duration.ZERO : before.getValue();
                    }
                    clock.put(s.sequence(), t);
                }
                t = t.plus(s.duration());
            }
            if (t != null && !loaded.segments().isEmpty()) {
                clock.putIfAbsent(loaded.segments().get(loaded.segments().size() - 1).sequence() + 1, t); // where a live window goes on
            }
            if (!loaded.endList() && !loaded.segments().isEmpty()) {
                // a live window slides for days: forget the start times of segments more than a window behind it
                long first = loaded.segments().get(0).sequence();
                clock.headMap(first - Math.max(loaded.segments().size(), MIN_CLOCK_BEHIND)).clear();
            }
            changedOnLastLoad = !loaded.segments().isEmpty() && lastSequence() > lastBefore;
            return changedOnLastLoad;
        }
    }

    boolean isLoaded() {
        synchronized (clock) {
            return media != null;
        }
    }

    Playlist.Media media() {
        synchronized (clock) {
            return media;
        }
    }

    /** Whether the playlist may still grow (no ENDLIST). */
    boolean isLive() {
        synchronized (clock) {
            return media != null && !media.endList();
        }
    }

    /** How long to wait before reloading a live playlist: its target duration, half of it when the last load was unchanged. */
    Duration reloadDelay() {
        synchronized (clock) {
            Duration target = media.targetDuration().isZero() ? Duration.ofSeconds(1) : media.targetDuration();
            return changedOnLastLoad ? target : target.dividedBy(2);
        }
    }

    Optional<Playlist.Segment> segment(long sequence) {
        synchronized (clock) {
            if (media == null || media.segments().isEmpty()) {
                return Optional.empty();
            }
            long i = sequence - media.segments().get(0).sequence();
            return i < 0 || i >= media.segments().size() ? Optional.empty() : Optional.of(media.segments().get((int) i));
        }
    }

    long firstSequence() {
        synchronized (clock) {
            return media.segments().isEmpty() ? media.mediaSequence() : media.segments().get(0).sequence();
        }
    }

    long lastSequence() {
        synchronized (clock) {
            return media.segments().isEmpty() ? media.mediaSequence() - 1
                    : media.segments().get(media.segments().size() - 1).sequence();
        }
    }

    Duration startOf(long sequence) {
        synchronized (clock) {
            return clock.getOrDefault(sequence, Duration.ZERO);
        }
    }

    /** Returns the segment playing at {@code time}: the last whose start is not after it (the first when none). */
    long sequenceAt(Duration time) {
        synchronized (clock) {
            long found = firstSequence();
            for (Playlist.Segment s : media.segments()) {
                if (startOf(s.sequence()).compareTo(time) <= 0) {
                    found = s.sequence();
                }
            }
            return found;
        }
    }

    /**
     * Returns the segment a seek to {@code time} fetches from: the one playing then, or the one before it when
     * {@code time} is within {@code preRoll} of its start and both belong to one discontinuity, so that the decoder
     * has converged when the target comes.
     */
    long seekStart(Duration time, Duration preRoll) {
        long sequence = sequenceAt(time);
        Optional<Playlist.Segment> before = segment(sequence - 1);
        Optional<Playlist.Segment> at = segment(sequence);
        boolean closeToStart = time.minus(startOf(sequence)).compareTo(preRoll) < 0;
        return closeToStart && before.isPresent() && at.isPresent()
                && before.get().discontinuitySequence() == at.get().discontinuitySequence() ? sequence - 1 : sequence;
    }

    /** Where a live stream starts: the segment at least three target durations behind the live edge. */
    long liveStart() {
        synchronized (clock) {
            List<Playlist.Segment> segments = media.segments();
            Duration behind = Duration.ZERO;
            Duration wanted = media.targetDuration().multipliedBy(3);
            for (int i = segments.size() - 1; i >= 0; i--) {
                behind = behind.plus(segments.get(i).duration());
                if (behind.compareTo(wanted) >= 0) {
                    return segments.get(i).sequence();
                }
            }
            return firstSequence();
        }
    }

    /** What the playlists say of the media: container from the init section or the extension, codec from CODECS. */
    MediaInfo mediaInfo() {
        MediaInfo info = MediaInfo.UNKNOWN;
        Playlist.Media playlist = media();
        if (!playlist.segments().isEmpty()) {
            Playlist.Segment first = playlist.segments().get(0);
            String path = Optional.ofNullable(first.part().uri().getPath()).orElse("").toLowerCase(Locale.ROOT);
            if (first.init().isPresent() || path.endsWith(".m4s") || path.endsWith(".mp4")) {
                info = info.withContainer(ContainerFormat.FRAGMENTED_MP4);
            } else if (path.endsWith(".ts")) {
                info = info.withContainer(ContainerFormat.MPEG_TS);
            } else if (path.endsWith(".aac")) {
                info = info.withContainer(ContainerFormat.ADTS);
            } else if (path.endsWith(".mp3")) {
                info = info.withContainer(ContainerFormat.MP3);
            }
            if (playlist.endList()) {
                info = info.withDuration(playlist.duration());
            }
        }
        for (String c : variant.codecs()) {
            Optional<AudioCodec> codec = AudioCodec.fromRfc6381(c);
            if (codec.isPresent()) {
                return info.withCodec(codec.get());
            }
        }
        return info;
    }

    /** The end of the last segment; the stream's duration once the playlist has ended. */
    Duration end() {
        synchronized (clock) {
            long last = lastSequence();
            return segment(last).map(s -> startOf(last).plus(s.duration())).orElse(Duration.ZERO);
        }
    }
}
