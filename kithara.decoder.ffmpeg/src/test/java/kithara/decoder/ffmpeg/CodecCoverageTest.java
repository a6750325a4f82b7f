package kithara.decoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import kithara.api.media.AudioCodec;
import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;
import kithara.testkit.MemoryInput;

/** Every codec and container of the decoder's promise decodes, is named, and has the expected length. */
class CodecCoverageTest {

    @BeforeAll
    static void loadNatives() {
        FfmpegNatives.load("test");
    }

    /** fixture, codec, container, rate, channels, exact length in frames (-1: no gapless data in the file). */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("aac-lc.m4a", AudioCodec.AAC_LC, ContainerFormat.MP4, 44100, 2, 22050),
                Arguments.of("aac-lc-moov-at-end.m4a", AudioCodec.AAC_LC, ContainerFormat.MP4, 44100, 2, 22050),
                Arguments.of("aac-lc-fragmented.mp4", AudioCodec.AAC_LC, ContainerFormat.MP4, 44100, 2, -1),
                Arguments.of("aac-lc-init.mp4+aac-lc-seg0.m4s", AudioCodec.AAC_LC, ContainerFormat.MP4, 44100, 2, -1),
                Arguments.of("aac-lc.aac", AudioCodec.AAC_LC, ContainerFormat.ADTS, 44100, 2, -1),
                Arguments.of("aac-lc.ts", AudioCodec.AAC_LC, ContainerFormat.MPEG_TS, 44100, 2, -1),
                Arguments.of("mp3.mp3", AudioCodec.MP3, ContainerFormat.MP3, 44100, 2, 22050),
                Arguments.of("flac.flac", AudioCodec.FLAC, ContainerFormat.FLAC, 44100, 2, 22050),
                Arguments.of("flac.mka", AudioCodec.FLAC, ContainerFormat.MATROSKA, 44100, 2, 22050),
                Arguments.of("vorbis.ogg", AudioCodec.VORBIS, ContainerFormat.OGG, 44100, 2, -1),
                Arguments.of("opus.ogg", AudioCodec.OPUS, ContainerFormat.OGG, 48000, 2, 24000),
                Arguments.of("opus.webm", AudioCodec.OPUS, ContainerFormat.MATROSKA, 48000, 2, 24000),
                Arguments.of("alac.m4a", AudioCodec.ALAC, ContainerFormat.MP4, 44100, 2, 22050),
                Arguments.of("alac.caf", AudioCodec.ALAC, ContainerFormat.CAF, 44100, 2, 22050),
                Arguments.of("pcm-s16le.wav", AudioCodec.PCM_S16LE, ContainerFormat.WAV, 22050, 1, 5513),
                Arguments.of("pcm-s24le.wav", AudioCodec.PCM_S24LE, ContainerFormat.WAV, 22050, 1, 5513),
                Arguments.of("pcm-s32le.wav", AudioCodec.PCM_S32LE, ContainerFormat.WAV, 22050, 1, 5513),
                Arguments.of("pcm-f32le.wav", AudioCodec.PCM_F32LE, ContainerFormat.WAV, 22050, 1, 5513),
                Arguments.of("pcm-s16be.aiff", AudioCodec.PCM_S16BE, ContainerFormat.AIFF, 22050, 1, 5513),
                Arguments.of("pcm-s24be.aiff", AudioCodec.PCM_S24BE, ContainerFormat.AIFF, 22050, 1, 5513),
                Arguments.of("pcm-s32be.aiff", AudioCodec.PCM_S32BE, ContainerFormat.AIFF, 22050, 1, 5513),
                Arguments.of("pcm-f32be.caf", AudioCodec.PCM_F32BE, ContainerFormat.CAF, 22050, 1, 5513));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void decodesNamesAndMeasures(String name, AudioCodec codec, ContainerFormat container, int rate, int channels,
                                 int exactFrames) throws IOException {
        for (Optional<ContainerFormat> hint : java.util.List.of(Optional.<ContainerFormat>empty(), Optional.of(container))) {
            MediaInfo info = hint.map(MediaInfo.UNKNOWN::withContainer).orElse(MediaInfo.UNKNOWN);
            try (FfmpegDecoder d = FfmpegDecoder.open(MemoryInput.of(Fixtures.bytes(name)), info)) {
                assertEquals(Optional.of(codec), d.mediaInfo().codec(), name);
                assertEquals(Optional.of(container), d.mediaInfo().container(), name);
                Fixtures.Pcm pcm = Fixtures.drain(d);
                assertEquals(rate, pcm.rate(), name);
                assertEquals(channels, pcm.channels(), name);
                if (exactFrames >= 0) {
                    assertEquals(exactFrames, pcm.frames(), name + ": the true length (gapless)");
                } else {
                    assertTrue(Math.abs(pcm.frames() - rate / 2) <= 2048 + 1024, name + ": about 0.5 s, " + pcm.frames());
                }
                assertEquals(440.0, SwrResamplerTest.frequencyOf(pcm.samples(), channels, rate), 3.0, name);
            }
        }
    }
}
