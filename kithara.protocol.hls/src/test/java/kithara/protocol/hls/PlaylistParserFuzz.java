package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Playlist text from a server parses to a playlist whose numbers make sense, or fails with a typed
 * {@link PlaylistException}: never another exception. Seeds: the playlists of {@code testdata/hls} and this target's
 * inputs (master, AES-128, live).
 */
class PlaylistParserFuzz {

    private static final URI BASE = URI.create("https://media.example/live/index.m3u8");

    @FuzzTest(maxDuration = "8s")
    @DictionaryEntries({"#EXTM3U", "#EXTINF:", "#EXT-X-TARGETDURATION:", "#EXT-X-MEDIA-SEQUENCE:", "#EXT-X-BYTERANGE:",
            "#EXT-X-KEY:METHOD=AES-128,URI=", ",IV=0x", "#EXT-X-MAP:URI=", "#EXT-X-STREAM-INF:BANDWIDTH=",
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=", "#EXT-X-DISCONTINUITY", "#EXT-X-ENDLIST", "#EXT-X-START:TIME-OFFSET=",
            "#EXT-X-GAP", "#EXT-X-DISCONTINUITY-SEQUENCE:", "@", "9223372036854775807"})
    void parsesOrFailsTyped(byte[] text) {
        Playlist playlist;
        try {
            playlist = PlaylistParser.parse(new String(text, StandardCharsets.UTF_8), BASE);
        } catch (PlaylistException expected) {
            return;
        }
        if (playlist instanceof Playlist.Master master) {
            assertFalse(master.variants().isEmpty(), "a master names at least one variant");
        } else if (playlist instanceof Playlist.Media media) {
            assertFalse(media.targetDuration().isNegative());
            for (Playlist.Segment s : media.segments()) {
                assertFalse(s.duration().isNegative(), s::toString);
                assertTrue(s.duration().compareTo(PlaylistParser.MAX_DURATION) <= 0, s::toString);
                s.part().range().ifPresent(r -> assertTrue(r.start() >= 0 && r.end() >= r.start(), r::toString));
                s.part().key().flatMap(Playlist.Key::iv).ifPresent(iv -> assertTrue(iv.length == 16));
            }
            assertTrue(media.duration().compareTo(PlaylistParser.MAX_DURATION.multipliedBy(media.segments().size() + 1L)) <= 0);
        }
    }
}
