package kithara.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import kithara.api.event.EventTopics;
import kithara.api.event.KitharaEvent;
import kithara.api.media.AudioCodec;
import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;

class EventPropertiesTest {

    private static final String RESOURCE = "https://cdn.test/a.m4a";

    @Test
    void nestedRecordsAreFlattenedIntoPlainValues() {
        MediaInfo media = new MediaInfo(Optional.of(AudioCodec.AAC_LC), Optional.of(ContainerFormat.MP4), OptionalInt.of(44_100),
                OptionalInt.of(2), OptionalInt.empty(), Optional.of(Duration.ofMillis(2500)));
        Map<String, Object> p = EventProperties.of(new KitharaEvent.FormatDetected(media, PcmSpec.of(44_100, 2),
                PcmSpec.of(48_000, 2)), RESOURCE);
        assertEquals(RESOURCE, p.get(EventTopics.RESOURCE));
        assertEquals("FormatDetected", p.get(EventTopics.TYPE));
        assertEquals("AAC_LC", p.get("media.codec"));
        assertEquals("MP4", p.get("media.container"));
        assertEquals(44_100, p.get("media.sampleRate"));
        assertEquals(2500L, p.get("media.durationMs"));
        assertFalse(p.containsKey("media.bitrate"), "an unknown value is left out: " + p);
        assertEquals(48_000, p.get("output.sampleRate"));
        assertEquals("STEREO", p.get("output.layout"));
        assertOnlyPlainValues(p);
    }

    @Test
    void optionalsUrisDurationsAndListsBecomePlain() {
        Map<String, Object> progress = EventProperties.of(new KitharaEvent.DownloadProgress(URI.create(RESOURCE), 1000,
                OptionalLong.empty()), RESOURCE);
        assertEquals(RESOURCE, progress.get("uri"));
        assertEquals(1000L, progress.get("bytes"));
        assertFalse(progress.containsKey("total"));
        Map<String, Object> changed = EventProperties.of(new KitharaEvent.DecoderChanged(Optional.of("gstreamer"), "ffmpeg",
                "went away", Duration.ofSeconds(3)), RESOURCE);
        assertEquals("gstreamer", changed.get("from"));
        assertEquals(3000L, changed.get("positionMs"));
        Map<String, Object> variants = EventProperties.of(new KitharaEvent.VariantsDiscovered(List.of(
                new KitharaEvent.VariantsDiscovered.Variant(0, 64_000, "mp4a.40.2"))), RESOURCE);
        assertArrayEquals(new String[] {new KitharaEvent.VariantsDiscovered.Variant(0, 64_000, "mp4a.40.2").toString()},
                (String[]) variants.get("variants"));
        assertOnlyPlainValues(progress);
        assertOnlyPlainValues(changed);
        assertOnlyPlainValues(variants);
    }

    private static void assertOnlyPlainValues(Map<String, Object> p) {
        for (Map.Entry<String, Object> e : p.entrySet()) {
            Object v = e.getValue();
            assertTrue(v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof String[],
                    e.getKey() + " is a " + v.getClass());
        }
    }
}
