package kithara.api.media;

import java.util.Locale;
import java.util.Optional;

/** The container formats Kithara knows by name; a known container lets a decoder skip probing. */
public enum ContainerFormat {
    /** ISO base media file (MP4, M4A), index anywhere in the file. */
    MP4("mp4", "m4a", "m4b", "mov"),
    /** Fragmented MP4: an init segment followed by media segments ({@code .m4s}). */
    FRAGMENTED_MP4("m4s", "cmfa"),
    /** MPEG transport stream. */
    MPEG_TS("ts", "aac-ts"),
    /** Raw AAC in ADTS frames. */
    ADTS("aac"),
    /** MPEG audio elementary stream, optionally with ID3 tags. */
    MP3("mp3"),
    /** Native FLAC stream. */
    FLAC("flac"),
    /** Ogg (Vorbis, Opus or FLAC inside). */
    OGG("ogg", "oga", "opus"),
    /** RIFF WAVE. */
    WAV("wav", "wave"),
    /** Audio Interchange File Format. */
    AIFF("aiff", "aif", "aifc"),
    /** Apple Core Audio Format. */
    CAF("caf"),
    /** Matroska and WebM. */
    MATROSKA("mkv", "mka", "webm");

    private final String[] extensions;

    ContainerFormat(String... extensions) {
        this.extensions = extensions;
    }

    /**
     * Guesses the container from a file name extension.
     *
     * @param extension with or without the leading dot; case-insensitive
     * @return the container, or empty when the extension is unknown
     */
    public static Optional<ContainerFormat> fromExtension(String extension) {
        String e = extension.startsWith(".") ? extension.substring(1) : extension;
        e = e.toLowerCase(Locale.ROOT);
        for (ContainerFormat f : values()) {
            for (String known : f.extensions) {
                if (known.equals(e)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Guesses the container from a MIME type such as {@code audio/mpeg}; parameters are ignored.
     *
     * @return the container, or empty when the type is unknown or not audio-specific
     */
    public static Optional<ContainerFormat> fromMimeType(String mimeType) {
        String m = mimeType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "audio/mp4": case "audio/x-m4a": case "audio/m4a": case "video/mp4": return Optional.of(MP4);
            case "audio/iso.segment": case "video/iso.segment": return Optional.of(FRAGMENTED_MP4);
            case "video/mp2t": case "audio/mp2t": return Optional.of(MPEG_TS);
            case "audio/aac": case "audio/aacp": case "audio/x-aac": return Optional.of(ADTS);
            case "audio/mpeg": case "audio/mp3": case "audio/x-mpeg": return Optional.of(MP3);
            case "audio/flac": case "audio/x-flac": return Optional.of(FLAC);
            case "audio/ogg": case "application/ogg": case "audio/opus": case "audio/vorbis": return Optional.of(OGG);
            case "audio/wav": case "audio/x-wav": case "audio/wave": case "audio/vnd.wave": return Optional.of(WAV);
            case "audio/aiff": case "audio/x-aiff": return Optional.of(AIFF);
            case "audio/x-caf": return Optional.of(CAF);
            case "audio/webm": case "video/webm": case "audio/x-matroska": case "video/x-matroska": return Optional.of(MATROSKA);
            default: return Optional.empty();
        }
    }
}
