package kithara.api.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class MediaVocabularyTest {

    @Test
    void hlsCodecStringsMapToCodecs() {
        assertEquals(Optional.of(AudioCodec.AAC_LC), AudioCodec.fromRfc6381("mp4a.40.2"));
        assertEquals(Optional.of(AudioCodec.HE_AAC_V1), AudioCodec.fromRfc6381("MP4A.40.5"));
        assertEquals(Optional.of(AudioCodec.HE_AAC_V2), AudioCodec.fromRfc6381(" mp4a.40.29 "));
        assertEquals(Optional.of(AudioCodec.FLAC), AudioCodec.fromRfc6381("fLaC"));
        assertEquals(Optional.of(AudioCodec.OPUS), AudioCodec.fromRfc6381("Opus"));
        assertEquals(Optional.empty(), AudioCodec.fromRfc6381("avc1.64001f"));
        assertTrue(AudioCodec.FLAC.isLossless());
        assertTrue(AudioCodec.HE_AAC_V2.isAac());
    }

    @Test
    void extensionsAndMimeTypesMapToContainers() {
        assertEquals(Optional.of(ContainerFormat.MP4), ContainerFormat.fromExtension(".M4A"));
        assertEquals(Optional.of(ContainerFormat.FRAGMENTED_MP4), ContainerFormat.fromExtension("m4s"));
        assertEquals(Optional.of(ContainerFormat.MPEG_TS), ContainerFormat.fromExtension("ts"));
        assertEquals(Optional.empty(), ContainerFormat.fromExtension("m3u8"));
        assertEquals(Optional.of(ContainerFormat.MP3), ContainerFormat.fromMimeType("audio/mpeg; charset=x"));
        assertEquals(Optional.of(ContainerFormat.FLAC), ContainerFormat.fromMimeType("AUDIO/FLAC"));
        assertEquals(Optional.empty(), ContainerFormat.fromMimeType("application/vnd.apple.mpegurl"));
    }

    @Test
    void mediaInfoStartsUnknownAndRejectsNonsense() {
        MediaInfo info = MediaInfo.UNKNOWN.withCodec(AudioCodec.MP3).withPcm(PcmSpec.of(44100, 2))
                .withDuration(Duration.ofSeconds(3)).withBitrate(128_000);
        assertEquals(OptionalInt.of(44100), info.sampleRate());
        assertEquals(Optional.empty(), MediaInfo.UNKNOWN.codec());
        assertThrows(IllegalArgumentException.class, () -> MediaInfo.UNKNOWN.withBitrate(0));
        assertThrows(IllegalArgumentException.class, () -> MediaInfo.UNKNOWN.withDuration(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> new MediaInfo(null, Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty()));
    }
}
