package kithara.api.media;

import java.util.Locale;
import java.util.Optional;

/**
 * The audio codecs Kithara knows by name. A decoder advertises the subset it supports through the
 * {@code kithara.decoder.codecs} service property, using {@link #name()}.
 */
public enum AudioCodec {
    /** AAC Low Complexity ({@code mp4a.40.2}). */
    AAC_LC(false),
    /** High-Efficiency AAC with SBR ({@code mp4a.40.5}). */
    HE_AAC_V1(false),
    /** High-Efficiency AAC with SBR and parametric stereo ({@code mp4a.40.29}). */
    HE_AAC_V2(false),
    /** MPEG-1/2 Audio Layer III. */
    MP3(false),
    /** Free Lossless Audio Codec. */
    FLAC(true),
    /** Vorbis. */
    VORBIS(false),
    /** Opus. */
    OPUS(false),
    /** Apple Lossless. */
    ALAC(true),
    /** Signed 16-bit little-endian PCM. */
    PCM_S16LE(true),
    /** Signed 16-bit big-endian PCM. */
    PCM_S16BE(true),
    /** Signed 24-bit little-endian PCM. */
    PCM_S24LE(true),
    /** Signed 24-bit big-endian PCM. */
    PCM_S24BE(true),
    /** Signed 32-bit little-endian PCM. */
    PCM_S32LE(true),
    /** Signed 32-bit big-endian PCM. */
    PCM_S32BE(true),
    /** 32-bit float little-endian PCM. */
    PCM_F32LE(true),
    /** 32-bit float big-endian PCM. */
    PCM_F32BE(true);

    private final boolean lossless;

    AudioCodec(boolean lossless) {
        this.lossless = lossless;
    }

    /** Returns whether decoding reproduces the encoder's input exactly. */
    public boolean isLossless() {
        return lossless;
    }

    /** Returns whether this codec is any flavour of AAC. */
    public boolean isAac() {
        return this == AAC_LC || this == HE_AAC_V1 || this == HE_AAC_V2;
    }

    /**
     * Maps one RFC 6381 codec string, as found in an HLS {@code CODECS} attribute or a MIME
     * {@code codecs} parameter, to a codec.
     *
     * @param rfc6381 one entry such as {@code mp4a.40.2}, {@code fLaC} or {@code opus}; case-insensitive
     * @return the codec, or empty when the string names no audio codec known here (video codecs included)
     */
    public static Optional<AudioCodec> fromRfc6381(String rfc6381) {
        String c = rfc6381.trim().toLowerCase(Locale.ROOT);
        switch (c) {
            case "mp4a.40.2": case "mp4a.40": case "mp4a.67": case "mp4a.66": case "mp4a.68":
                return Optional.of(AAC_LC);
            case "mp4a.40.5":
                return Optional.of(HE_AAC_V1);
            case "mp4a.40.29":
                return Optional.of(HE_AAC_V2);
            case "mp4a.40.34": case "mp4a.6b": case "mp4a.69": case "mp3":
                return Optional.of(MP3);
            case "flac":
                return Optional.of(FLAC);
            case "vorbis":
                return Optional.of(VORBIS);
            case "opus":
                return Optional.of(OPUS);
            case "alac":
                return Optional.of(ALAC);
            default:
                return Optional.empty();
        }
    }
}
