package kithara.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;

class EventTopicsTest {

    /** EventAdmin's topic grammar: tokens of letters, digits, '_' and '-', separated by '/'. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

    @Test
    void everyTopicIsValidUniqueAndUnderKithara() {
        Set<String> seen = new HashSet<>();
        for (String t : EventTopics.ALL) {
            assertTrue(TOPIC.matcher(t).matches(), t);
            assertTrue(t.startsWith(EventTopics.PREFIX), t);
            assertTrue(seen.add(t), "duplicate " + t);
        }
    }

    @Test
    void everyEventTypeHasATopicOfItsOwn() {
        URI uri = URI.create("http://example.test/a.mp3");
        PcmSpec spec = PcmSpec.of(44100, 2);
        List<KitharaEvent> one = List.of(
                new KitharaEvent.FormatDetected(MediaInfo.UNKNOWN, spec, spec),
                new KitharaEvent.FormatChanged(spec, PcmSpec.of(48000, 2), MediaInfo.UNKNOWN),
                new KitharaEvent.SeekComplete(Duration.ofSeconds(3), 1),
                new KitharaEvent.PlaybackProgress(Duration.ZERO, Optional.empty()),
                new KitharaEvent.EndOfStream(Duration.ofSeconds(9)),
                new KitharaEvent.Buffering(true, Duration.ofSeconds(2)),
                new KitharaEvent.DownloadProgress(uri, 10, OptionalLong.empty()),
                new KitharaEvent.MediaBuffered(uri, Duration.ofSeconds(12)),
                new KitharaEvent.DownloadComplete(uri, 10),
                new KitharaEvent.DownloadError(uri, "TIMEOUT", "idle 30 s", true),
                new KitharaEvent.RangesUnsupported(uri),
                new KitharaEvent.DecoderChanged(Optional.of("gstreamer"), "ffmpeg", "service left", Duration.ZERO),
                new KitharaEvent.VariantSwitched(0, 2, 270_000, 5, "bandwidth"),
                new KitharaEvent.VariantsDiscovered(List.of(new KitharaEvent.VariantsDiscovered.Variant(0, 66_000, "mp4a.40.2"))),
                new KitharaEvent.ThroughputSample(1e6, 8e5),
                new KitharaEvent.PipelineError("decoder", "corrupt", true));
        assertEquals(KitharaEvent.class.getPermittedSubclasses().length, one.size(), "one sample of every event type");
        Set<String> topics = new HashSet<>();
        for (KitharaEvent e : one) {
            topics.add(e.topic());
        }
        assertEquals(Set.copyOf(EventTopics.ALL), topics);
    }

    @Test
    void eventsRejectNegativePositions() {
        assertThrows(IllegalArgumentException.class, () -> new KitharaEvent.SeekComplete(Duration.ofMillis(-1), 0));
        assertThrows(IllegalArgumentException.class, () -> new KitharaEvent.DownloadComplete(URI.create("http://x/"), -1));
    }
}
