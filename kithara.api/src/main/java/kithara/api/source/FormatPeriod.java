package kithara.api.source;

import java.time.Duration;
import java.util.Objects;

import kithara.api.media.MediaInfo;

/**
 * A stretch of a source's byte space that a decoder opens on its own: it starts with everything a decoder needs
 * (an HLS init section) and holds one format. HLS starts a new period at each variant switch, seek and
 * discontinuity; the reader of a period sees its end where the next period begins. Immutable.
 *
 * @param byteStart   where the period starts in the source's byte space
 * @param start       the playback time of its first segment (from the playlist)
 * @param media       what the protocol knows of its format (codec, container)
 * @param continuous  whether its timestamps continue those of the period before (a variant switch or a seek);
 *                    false after a discontinuity, where the new period's first sample simply follows the last
 *                    one of the period before
 */
public record FormatPeriod(long byteStart, Duration start, MediaInfo media, boolean continuous) {

    /** Validates the fields; throws IllegalArgumentException naming the bad value. */
    public FormatPeriod {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(media, "media");
        if (byteStart < 0) {
            throw new IllegalArgumentException("byteStart < 0: " + byteStart);
        }
    }
}
