package kithara.api.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import kithara.api.dsp.ResampleQuality;

class ResourceRequestTest {

    private static final URI URI_ = URI.create("https://example.test/a.flac");

    @Test
    void defaultsKeepTheSourceFormat() {
        ResourceRequest r = ResourceRequest.of(URI_);
        assertEquals(OptionalInt.empty(), r.sampleRate());
        assertEquals(ResampleQuality.NORMAL, r.quality());
        assertEquals(Duration.ofMillis(500), r.queue());
        assertEquals(1f, r.gain());
        assertEquals(OptionalInt.of(48000), r.withSampleRate(48000).sampleRate());
        assertEquals(OptionalInt.of(1), r.withChannels(1).channels());
    }

    @Test
    void rejectsNonsense() {
        ResourceRequest r = ResourceRequest.of(URI_);
        assertThrows(IllegalArgumentException.class, () -> r.withSampleRate(0));
        assertThrows(IllegalArgumentException.class, () -> r.withChannels(-2));
        assertThrows(IllegalArgumentException.class, () -> r.withGain(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> r.withGain(-1f));
        assertThrows(IllegalArgumentException.class, () -> new ResourceRequest(URI_, Map.of(), OptionalInt.empty(),
                OptionalInt.empty(), ResampleQuality.FAST, Duration.ZERO, 0, 1f, List.of(), java.util.Optional.empty(),
                OptionalInt.empty()));
        assertThrows(IllegalArgumentException.class, () -> r.withVariant(-1));
        assertEquals(java.util.Optional.of("ffmpeg"), r.withDecoder("ffmpeg").decoder());
        assertThrows(IllegalArgumentException.class, () -> ResourceRequest.of(URI.create("relative.mp3")));
    }
}
