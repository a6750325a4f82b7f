package kithara.api.audio;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import kithara.api.media.PcmSpec;

/**
 * A snapshot of one open {@link Resource}, for shells and monitoring. Immutable.
 *
 * @param uri      what was opened
 * @param position the playback position
 * @param duration the duration, when known
 * @param output   the PCM format the reader gets
 * @param decoder  the name of the decoder provider in use
 * @param variant  the HLS variant in use, if the resource is an HLS stream
 * @param buffered decoded PCM waiting to be read
 */
public record ResourceStatus(String uri, Duration position, Optional<Duration> duration, PcmSpec output, String decoder,
                             OptionalInt variant, Duration buffered) {

    /** Rejects nulls. */
    public ResourceStatus {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(buffered, "buffered");
    }
}
