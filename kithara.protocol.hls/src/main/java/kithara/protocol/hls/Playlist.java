package kithara.protocol.hls;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import kithara.api.source.ByteRange;

/** What an HLS playlist says: a master playlist of variants, or a media playlist of segments. */
sealed interface Playlist {

    /**
     * A variant stream of a master playlist.
     *
     * @param uri              the media playlist to play: the variant's own, or the URI of its AUDIO group's
     *                         default rendition when the group names one (the variant's own is then video)
     * @param bandwidth        BANDWIDTH, bits per second
     * @param averageBandwidth AVERAGE-BANDWIDTH when given, else BANDWIDTH
     * @param codecs           the CODECS attribute split at commas
     */
    record Variant(URI uri, long bandwidth, long averageBandwidth, List<String> codecs) {
    }

    /**
     * A master playlist.
     *
     * @param variants the variants kept, in playlist order
     * @param ignored  how many more it named, past the cap on variants
     */
    record Master(List<Variant> variants, int ignored) implements Playlist {
    }

    /**
     * An AES-128 key: the key's URI and the IV when the playlist gives one (else the media sequence number).
     */
    record Key(URI uri, Optional<byte[]> iv) {
    }

    /**
     * Bytes to fetch: a whole resource or a byte range of it, encrypted or not.
     *
     * @param uri      where
     * @param range    the BYTERANGE, if any
     * @param key      the key that applies, if encrypted
     * @param sequence the media sequence number (the IV when the key gives none)
     */
    record Part(URI uri, Optional<ByteRange> range, Optional<Key> key, long sequence) {
    }

    /**
     * A media segment.
     *
     * @param part                  what to fetch
     * @param duration              EXTINF
     * @param discontinuitySequence the discontinuity sequence number it belongs to (EXT-X-DISCONTINUITY-SEQUENCE
     *                              plus the discontinuities before it)
     * @param init                  the EXT-X-MAP in force for it, if any
     * @param gap                   whether EXT-X-GAP marks it as missing (never fetched)
     */
    record Segment(Part part, Duration duration, long discontinuitySequence, Optional<Part> init, boolean gap) {

        /** Returns its media sequence number. */
        long sequence() {
            return part.sequence();
        }
    }

    /**
     * A media playlist.
     *
     * @param segments       in order
     * @param targetDuration EXT-X-TARGETDURATION
     * @param mediaSequence  EXT-X-MEDIA-SEQUENCE of the first segment
     * @param endList        whether EXT-X-ENDLIST was seen (VOD, or a live stream that ended)
     * @param start          EXT-X-START's TIME-OFFSET, when given (negative: from the end)
     */
    record Media(List<Segment> segments, Duration targetDuration, long mediaSequence, boolean endList,
                 Optional<Duration> start) implements Playlist {

        /** Returns the sum of the segments' durations. */
        Duration duration() {
            return segments.stream().map(Segment::duration).reduce(Duration.ZERO, Duration::plus);
        }
    }
}
