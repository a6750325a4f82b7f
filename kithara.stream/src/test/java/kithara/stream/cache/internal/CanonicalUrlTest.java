package kithara.stream.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

class CanonicalUrlTest {

    private static String c(String uri, boolean keepQuery) {
        return CanonicalUrl.of(URI.create(uri), keepQuery);
    }

    @Test
    void lowerCasesSchemeAndHostAndDropsDefaultPortAndFragment() {
        assertEquals("https://cdn.example.com/Music/A.mp3", c("HTTPS://CDN.Example.COM:443/Music/A.mp3#t=10", true));
        assertEquals("http://cdn.example.com/a.mp3", c("http://cdn.example.com:80/a.mp3", true));
        assertEquals("http://cdn.example.com:8080/a.mp3", c("http://cdn.example.com:8080/a.mp3", true));
        assertEquals("https://x.test:80/a", c("https://x.test:80/a", true), "80 is not https's default");
        assertEquals("https://x.test/", c("https://x.test", true));
    }

    @Test
    void keepsTheQueryUnlessToldNot() {
        assertEquals("https://x.test/a.m3u8?token=1", c("https://x.test/a.m3u8?token=1", true));
        assertEquals("https://x.test/a.m3u8", c("https://x.test/a.m3u8?token=1", false));
    }
}
