package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import kithara.api.source.ByteRange;

class PlaylistParserTest {

    private static final URI BASE = URI.create("https://cdn.test/music/album/master.m3u8?token=abc");

    @Test
    void masterPlaylistsListVariantsWithBandwidthAndCodecs() throws Exception {
        String text = "\uFEFF#EXTM3U\r\n\r\n#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=66005,CODECS=\"mp4a.40.2\",AVERAGE-BANDWIDTH=64000\r\n"
                + "index-slq.m3u8?token=abc\r\n#EXT-X-STREAM-INF:BANDWIDTH=988758,CODECS=\"fLaC\"\r\nhttps://other.test/lossless.m3u8\r\n";
        Playlist.Master m = assertInstanceOf(Playlist.Master.class, PlaylistParser.parse(text, BASE));
        assertEquals(2, m.variants().size());
        assertEquals(URI.create("https://cdn.test/music/album/index-slq.m3u8?token=abc"), m.variants().get(0).uri());
        assertEquals(64000, m.variants().get(0).averageBandwidth());
        assertEquals(List.of("fLaC"), m.variants().get(1).codecs());
        assertEquals(988758, m.variants().get(1).averageBandwidth(), "AVERAGE-BANDWIDTH defaults to BANDWIDTH");
    }

    @Test
    void mediaPlaylistsCarrySegmentsKeysMapsRangesAndDiscontinuities() throws Exception {
        String text = String.join("\n", "#EXTM3U", "#EXT-X-TARGETDURATION:6", "#EXT-X-MEDIA-SEQUENCE:7",
                "#EXT-X-KEY:METHOD=AES-128,URI=slq.key,IV=0x410B2AB3A84292FABE45429347F73F4F",
                "#EXT-X-MAP:URI=\"init.mp4\",BYTERANGE=\"600@0\"", "#EXTINF:6.000,", "#EXT-X-BYTERANGE:1000@600", "all.mp4",
                "#EXT-X-BYTERANGE:500", "#EXTINF:5.5,title, with comma", "all.mp4", "#EXT-X-KEY:METHOD=NONE",
                "#EXT-X-DISCONTINUITY", "#EXTINF:4,", "seg3.ts", "#EXT-X-ENDLIST", "");
        Playlist.Media m = assertInstanceOf(Playlist.Media.class, PlaylistParser.parse(text, BASE));
        assertEquals(3, m.segments().size());
        assertEquals(Duration.ofSeconds(6), m.targetDuration());
        assertTrue(m.endList());
        Playlist.Segment first = m.segments().get(0);
        assertEquals(Optional.of(new ByteRange(600, 1600)), first.part().range());
        assertEquals(7, first.part().sequence());
        assertEquals(URI.create("https://cdn.test/music/album/slq.key"), first.part().key().orElseThrow().uri());
        assertArrayEquals(HexFormat.of().parseHex("410B2AB3A84292FABE45429347F73F4F"), first.part().key().get().iv().orElseThrow());
        assertEquals(Optional.of(new ByteRange(0, 600)), first.init().orElseThrow().range());
        assertEquals(Optional.of(new ByteRange(1600, 2100)), m.segments().get(1).part().range(), "continues the range");
        assertEquals(Duration.ofMillis(5500), m.segments().get(1).duration());
        assertEquals(Optional.empty(), m.segments().get(2).part().key());
        assertEquals(1, m.segments().get(2).discontinuitySequence());
        assertEquals(0, m.segments().get(1).discontinuitySequence());
    }

    @Test
    void audioGroupsStartGapsAndDiscontinuitySequences() throws Exception {
        String master = "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"en\",DEFAULT=NO,URI=\"audio/other.m3u8\"\n"
                + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"main\",DEFAULT=YES,URI=\"audio/main.m3u8\"\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=800000,CODECS=\"avc1.4d401f,mp4a.40.2\",AUDIO=\"aud\"\nvideo/720.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS=\"mp4a.40.2\"\naudio-only.m3u8\n";
        Playlist.Master m = assertInstanceOf(Playlist.Master.class, PlaylistParser.parse(master, BASE));
        assertEquals(URI.create("https://cdn.test/music/album/audio/main.m3u8"), m.variants().get(0).uri(),
                "a variant with an AUDIO group plays the group's default rendition");
        assertEquals(URI.create("https://cdn.test/music/album/audio-only.m3u8"), m.variants().get(1).uri());
        String media = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:100\n#EXT-X-DISCONTINUITY-SEQUENCE:7\n"
                + "#EXT-X-START:TIME-OFFSET=-8.5\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXTINF:4,\na.ts\n#EXT-X-GAP\n#EXTINF:4,\nb.ts\n"
                + "#EXT-X-DISCONTINUITY\n#EXTINF:4,\nc.ts\n";
        Playlist.Media p = assertInstanceOf(Playlist.Media.class, PlaylistParser.parse(media, BASE));
        assertEquals(Optional.of(Duration.ofMillis(-8500)), p.start());
        assertEquals(List.of(7L, 7L, 8L), p.segments().stream().map(Playlist.Segment::discontinuitySequence).toList());
        assertEquals(List.of(false, true, false), p.segments().stream().map(Playlist.Segment::gap).toList());
        assertEquals(List.of(100L, 101L, 102L), p.segments().stream().map(Playlist.Segment::sequence).toList());
        assertTrue(!p.endList(), "no ENDLIST: live");
    }

    @Test
    void hostilePlaylistsAreRefusedWithTheReason() {
        for (String bad : List.of("not a playlist", "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n",
                "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"file:///etc/key\"\n#EXTINF:1,\na.ts\n",
                "#EXTM3U\n#EXTINF:1,\n" + "x".repeat(PlaylistParser.MAX_LINE + 1) + "\n",
                "#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"k\"\n", "#EXTM3U\n#EXTINF:abc,\na.ts\n")) {
            PlaylistException e = assertThrows(PlaylistException.class, () -> PlaylistParser.parse(bad, BASE), bad);
            assertTrue(e.getMessage().contains(BASE.toString()), e.getMessage());
        }
        assertThrows(PlaylistException.class, () -> PlaylistParser.parse("#EXTM3U\n" + "#EXTINF:1,\na.ts\n".repeat(200_001), BASE));
    }

    @Test
    void numbersThatOverflowOrMakeNoSenseAreTypedErrorsNamingTheLine() throws PlaylistException {
        for (String bad : List.of(
                "#EXTM3U\n#EXT-X-BYTERANGE:9223372036854775807@9223372036854775807\n#EXTINF:1,\na.ts\n",
                "#EXTM3U\n#EXT-X-TARGETDURATION:9223372036854775807\n#EXTINF:1,\na.ts\n",
                "#EXTM3U\n#EXT-X-TARGETDURATION:999999999\n#EXTINF:1,\na.ts\n",
                "#EXTM3U\n#EXTINF:99999999999999,\na.ts\n",
                "#EXTM3U\n#EXTINF:-1,\na.ts\n",
                "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0xZZ0102030405060708090a0b0c0d0e0f\n#EXTINF:1,\na.ts\n",
                "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:9223372036854775807\n#EXTINF:1,\na.ts\n#EXTINF:1,\nb.ts\n",
                "#EXTM3U\n#EXT-X-START:TIME-OFFSET=1e400\n#EXTINF:1,\na.ts\n")) {
            PlaylistException e = assertThrows(PlaylistException.class, () -> PlaylistParser.parse(bad, BASE), bad);
            assertTrue(e.getMessage().contains("bad playlist"), e.getMessage());
        }
        PlaylistException line = assertThrows(PlaylistException.class, () -> PlaylistParser.parse(
                "#EXTM3U\n#EXTINF:1,\n#EXT-X-BYTERANGE:9223372036854775807@1\na.ts\n", BASE));
        assertTrue(line.getMessage().contains("line 3"), line.getMessage());
        StringBuilder master = new StringBuilder("#EXTM3U\n");
        for (int i = 0; i <= PlaylistParser.MAX_VARIANTS; i++) {
            master.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(1000 + i).append("\nv").append(i).append(".m3u8\n");
        }
        Playlist.Master capped = (Playlist.Master) PlaylistParser.parse(master.toString(), BASE);
        assertEquals(PlaylistParser.MAX_VARIANTS, capped.variants().size(), "the first ones are kept");
        assertEquals(1, capped.ignored(), "the rest only counted");
    }
}
