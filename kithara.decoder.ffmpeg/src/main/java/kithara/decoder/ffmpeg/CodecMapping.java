package kithara.decoder.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.*;

import java.util.Optional;

import kithara.api.media.AudioCodec;
import kithara.api.media.ContainerFormat;

/** Translates between Kithara's media vocabulary and FFmpeg's codec ids and demuxer names. */
final class CodecMapping {

    /** FFmpeg's {@code AV_PROFILE_AAC_HE}. */
    private static final int PROFILE_AAC_HE = 4;
    /** FFmpeg's {@code AV_PROFILE_AAC_HE_V2}. */
    private static final int PROFILE_AAC_HE_V2 = 28;

    /** The demuxers FFmpeg may use: only audio containers we support, never playlist or concat demuxers. */
    static final String DEMUXER_WHITELIST = "mov,mp4,m4a,3gp,3g2,mj2,mpegts,aac,mp3,flac,ogg,wav,aiff,caf,matroska,webm";

    private CodecMapping() {
    }

    /** Returns the Kithara codec for an FFmpeg codec id and profile, or empty for codecs we do not name. */
    static Optional<AudioCodec> codecOf(int codecId, int profile) {
        if (codecId == AV_CODEC_ID_AAC) {
            return Optional.of(profile == PROFILE_AAC_HE_V2 ? AudioCodec.HE_AAC_V2
                    : profile == PROFILE_AAC_HE ? AudioCodec.HE_AAC_V1 : AudioCodec.AAC_LC);
        }
        if (codecId == AV_CODEC_ID_MP3) return Optional.of(AudioCodec.MP3);
        if (codecId == AV_CODEC_ID_FLAC) return Optional.of(AudioCodec.FLAC);
        if (codecId == AV_CODEC_ID_VORBIS) return Optional.of(AudioCodec.VORBIS);
        if (codecId == AV_CODEC_ID_OPUS) return Optional.of(AudioCodec.OPUS);
        if (codecId == AV_CODEC_ID_ALAC) return Optional.of(AudioCodec.ALAC);
        if (codecId == AV_CODEC_ID_PCM_S16LE) return Optional.of(AudioCodec.PCM_S16LE);
        if (codecId == AV_CODEC_ID_PCM_S16BE) return Optional.of(AudioCodec.PCM_S16BE);
        if (codecId == AV_CODEC_ID_PCM_S24LE) return Optional.of(AudioCodec.PCM_S24LE);
        if (codecId == AV_CODEC_ID_PCM_S24BE) return Optional.of(AudioCodec.PCM_S24BE);
        if (codecId == AV_CODEC_ID_PCM_S32LE) return Optional.of(AudioCodec.PCM_S32LE);
        if (codecId == AV_CODEC_ID_PCM_S32BE) return Optional.of(AudioCodec.PCM_S32BE);
        if (codecId == AV_CODEC_ID_PCM_F32LE) return Optional.of(AudioCodec.PCM_F32LE);
        if (codecId == AV_CODEC_ID_PCM_F32BE) return Optional.of(AudioCodec.PCM_F32BE);
        return Optional.empty();
    }

    /**
     * Returns how many frames before a seek target decoding must start for the output at the target to equal a
     * decode from the start: codecs with inter-frame memory (overlapping transforms, bit reservoirs, SBR,
     * prediction) need a few frames to converge; intra-frame codecs need none.
     */
    /**
     * Returns the encoder delay (priming) left in the PCM when the container does not trim it: AAC in MP4 without
     * an edit list starts with the encoder's 1024 priming samples (twice that at the output rate of HE-AAC).
     */
    static int untrimmedEncoderDelay(int codecId, int profile, String demuxerNames) {
        if (codecId != AV_CODEC_ID_AAC || !demuxerNames.startsWith("mov")) {
            return 0;
        }
        return profile == PROFILE_AAC_HE || profile == PROFILE_AAC_HE_V2 ? 2048 : 1024;
    }

    static int prerollFrames(int codecId, int sampleRate) {
        if (codecId == AV_CODEC_ID_AAC) {
            return 4 * 2048; // SBR (HE-AAC) doubles the frame; its envelope state takes a few frames
        }
        if (codecId == AV_CODEC_ID_MP3) {
            return 4 * 1152; // bit reservoir reaches back up to 511 bytes, plus the filterbank overlap
        }
        if (codecId == AV_CODEC_ID_VORBIS) {
            return 2 * 8192; // overlap with the previous block, blocks of up to 8192 samples
        }
        if (codecId == AV_CODEC_ID_OPUS) {
            return (int) (sampleRate * 80L / 1000); // 80 ms, the pre-roll RFC 7845 recommends
        }
        return 0;
    }

    /** Returns the FFmpeg demuxer name for a container, as given to {@code av_find_input_format}. */
    static String demuxerOf(ContainerFormat container) {
        switch (container) {
            case MP4: case FRAGMENTED_MP4: return "mov";
            case MPEG_TS: return "mpegts";
            case ADTS: return "aac";
            case MP3: return "mp3";
            case FLAC: return "flac";
            case OGG: return "ogg";
            case WAV: return "wav";
            case AIFF: return "aiff";
            case CAF: return "caf";
            case MATROSKA: return "matroska";
            default: throw new IllegalArgumentException("no demuxer for " + container);
        }
    }

    /** Returns the container for an FFmpeg demuxer name list such as {@code mov,mp4,m4a,...}. */
    static Optional<ContainerFormat> containerOf(String demuxerNames) {
        String first = demuxerNames.split(",", 2)[0];
        switch (first) {
            case "mov": return Optional.of(ContainerFormat.MP4);
            case "mpegts": return Optional.of(ContainerFormat.MPEG_TS);
            case "aac": return Optional.of(ContainerFormat.ADTS);
            case "mp3": return Optional.of(ContainerFormat.MP3);
            case "flac": return Optional.of(ContainerFormat.FLAC);
            case "ogg": return Optional.of(ContainerFormat.OGG);
            case "wav": return Optional.of(ContainerFormat.WAV);
            case "aiff": return Optional.of(ContainerFormat.AIFF);
            case "caf": return Optional.of(ContainerFormat.CAF);
            case "matroska": return Optional.of(ContainerFormat.MATROSKA);
            default: return Optional.empty();
        }
    }
}
