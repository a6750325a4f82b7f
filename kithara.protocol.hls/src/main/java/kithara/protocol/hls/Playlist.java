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
     * @param uri              its media playlist
     * @param bandwidth        BANDWIDTH, bits per second
     * @param averageBandwidth AVERAGE-BANDWIDTH when given, else BANDWIDTH
     * @param codecs           the CODECS attribute split at commas
     */
    record Variant(URI uri, long bandwidth, long averageBandwidth, List<String> codecs) {
    }

    /** A master playlist. */
    record Master(List<Variant> variants) implements Playlist {
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
     * @param part          what to fetch
     * @param duration      EXTINF
     * @param discontinuity whether EXT-X-DISCONTINUITY precedes it
     * @param init          the EXT-X-MAP in force for it, if any
     */
    record Segment(Part part, Duration duration, boolean discontinuity, Optional<Part> init) {
    }

    /**
     * A media playlist.
     *
     * @param segments       in order
     * @param targetDuration EXT-X-TARGETDURATION
     * @param mediaSequence  EXT-X-MEDIA-SEQUENCE of the first segment
     * @param endList        whether EXT-X-ENDLIST was seen (VOD, or a live stream that ended)
     */
    record Media(List<Segment> segments, Duration targetDuration, long mediaSequence, boolean endList) implements Playlist {
    }
}
