package kithara.api.media;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What is known about a stream before or while decoding it: every field may be unknown. Sources fill
 * in what their protocol says (file extension, Content-Type, HLS {@code CODECS}); decoders use it as
 * a hint and report what they found. Immutable; the {@code with…} methods return copies.
 *
 * @param codec      the audio codec
 * @param container  the container format; when known, a decoder may skip probing
 * @param sampleRate frames per second
 * @param channels   channel count
 * @param bitrate    bits per second (for HLS the variant's {@code BANDWIDTH})
 * @param duration   total duration
 */
public record MediaInfo(Optional<AudioCodec> codec, Optional<ContainerFormat> container, OptionalInt sampleRate,
                        OptionalInt channels, OptionalInt bitrate, Optional<Duration> duration) {

    /** Nothing known. */
    public static final MediaInfo UNKNOWN = new MediaInfo(Optional.empty(), Optional.empty(), OptionalInt.empty(),
            OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

    /** Validates the fields: none is null, numbers are positive, the duration is not negative. */
    public MediaInfo {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(sampleRate, "sampleRate");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(bitrate, "bitrate");
        Objects.requireNonNull(duration, "duration");
        requirePositive(sampleRate, "sampleRate");
        requirePositive(channels, "channels");
        requirePositive(bitrate, "bitrate");
        if (duration.isPresent() && duration.get().isNegative()) {
            throw new IllegalArgumentException("duration is negative: " + duration.get());
        }
    }

    private static void requirePositive(OptionalInt value, String name) {
        if (value.isPresent() && value.getAsInt() <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value.getAsInt());
        }
    }

    /** Returns a copy with the codec set. */
    public MediaInfo withCodec(AudioCodec c) {
        return new MediaInfo(Optional.of(c), container, sampleRate, channels, bitrate, duration);
    }

    /** Returns a copy with the container set. */
    public MediaInfo withContainer(ContainerFormat c) {
        return new MediaInfo(codec, Optional.of(c), sampleRate, channels, bitrate, duration);
    }

    /** Returns a copy with sample rate and channel count set from {@code spec}. */
    public MediaInfo withPcm(PcmSpec spec) {
        return new MediaInfo(codec, container, OptionalInt.of(spec.sampleRate()), OptionalInt.of(spec.channels()),
                bitrate, duration);
    }

    /** Returns a copy with the bitrate set. */
    public MediaInfo withBitrate(int bitsPerSecond) {
        return new MediaInfo(codec, container, sampleRate, channels, OptionalInt.of(bitsPerSecond), duration);
    }

    /** Returns a copy with the duration set. */
    public MediaInfo withDuration(Duration d) {
        return new MediaInfo(codec, container, sampleRate, channels, bitrate, Optional.of(d));
    }
}
