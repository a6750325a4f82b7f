package kithara.decoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import kithara.api.decode.PcmChunk;
import kithara.api.media.MediaInfo;
import kithara.testkit.MemoryInput;

/**
 * {@code seek(t)} lands on the frame at {@code t}, and what follows equals, sample for sample, what a decode
 * from the start gives there.
 */
class SeekAccuracyTest {

    @BeforeAll
    static void loadNatives() {
        FfmpegNatives.load("test");
    }

    static Stream<String> fixtures() {
        List<String> all = new ArrayList<>(Fixtures.LOSSLESS);
        all.addAll(Fixtures.LOSSY);
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void seekingLandsOnTheSampleAndMatchesTheContinuousDecode(String name) throws IOException {
        Fixtures.Pcm whole = Fixtures.decode(name);
        double seconds = (double) whole.frames() / whole.rate();
        for (double at : new double[] {0.0, 0.003, 0.0871, seconds * 0.45, seconds * 0.8}) {
            Duration t = Duration.ofNanos((long) (at * 1e9));
            try (FfmpegDecoder d = FfmpegDecoder.open(MemoryInput.of(Fixtures.bytes(name)), MediaInfo.UNKNOWN)) {
                d.seek(t);
                long expectedStart = d.spec().framesIn(t);
                PcmChunk first = d.next().orElseThrow();
                assertEquals(expectedStart, first.startFrame(), name + " @" + t + ": first frame");
                float[] head = java.util.Arrays.copyOf(first.samples(), first.sampleCount());
                Fixtures.Pcm rest = Fixtures.drain(d);
                int ch = whole.channels();
                assertEquals(whole.frames() - expectedStart, head.length / ch + rest.frames(),
                        name + " @" + t + ": frames after the seek");
                int mismatches = 0;
                int firstMismatch = -1;
                for (int i = 0; i < head.length + rest.samples().length; i++) {
                    float got = i < head.length ? head[i] : rest.samples()[i - head.length];
                    float want = whole.samples()[(int) (expectedStart * ch) + i];
                    if (Float.floatToIntBits(got) != Float.floatToIntBits(want)) {
                        mismatches++;
                        if (firstMismatch < 0) {
                            firstMismatch = i / ch;
                        }
                    }
                }
                assertEquals(0, mismatches, name + " @" + t + ": samples differing from the continuous decode, first at frame +"
                        + firstMismatch);
            }
        }
    }
}
