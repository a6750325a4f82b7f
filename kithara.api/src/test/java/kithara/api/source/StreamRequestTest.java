package kithara.api.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Paths;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StreamRequestTest {

    @Test
    void rejectsRelativeUris() {
        assertThrows(IllegalArgumentException.class, () -> StreamRequest.of(URI.create("music/a.mp3")));
    }

    @Test
    void pathsBecomeFileUris() {
        StreamRequest r = StreamRequest.of(Paths.get("a b.mp3"));
        assertEquals("file", r.scheme());
        assertTrue(r.uri().getPath().endsWith("/a b.mp3"));
    }

    @Test
    void sniffedBytesCannotBeChangedFromOutside() {
        byte[] first = "#EXTM3U".getBytes();
        StreamRequest r = StreamRequest.of(URI.create("HTTPS://example.test/x")).withSniff(first);
        first[0] = 'X';
        r.sniff().orElseThrow()[1] = 'Y';
        assertArrayEquals("#EXTM3U".getBytes(), r.sniff().orElseThrow());
        assertEquals("https", r.scheme());
        assertEquals(Optional.of("audio/mpeg"), r.withContentType("audio/mpeg").contentType());
    }
}
