package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import kithara.api.net.Origin;

class PlaylistTrustTest {

    private static final Map<String, String> SECRET = Map.of("Authorization", "Bearer s3cret");

    private static PlaylistException refused(String playlist, String named, PlaylistTrust.Settings settings) {
        PlaylistTrust trust = new PlaylistTrust(URI.create(playlist), SECRET, settings);
        return assertThrows(PlaylistException.class, () -> trust.admit(URI.create(playlist), media(named)));
    }

    private static Playlist.Media media(String segment) throws PlaylistException {
        return (Playlist.Media) PlaylistParser.parse("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n" + segment
                + "\n#EXT-X-ENDLIST\n", URI.create("https://cdn.example.org/a/media.m3u8"));
    }

    @Test
    void headersGoToThePlaylistsOriginAndConfiguredOnesOnly() {
        PlaylistTrust strict = new PlaylistTrust(URI.create("https://cdn.example.org/a.m3u8"), SECRET,
                PlaylistTrust.Settings.STRICT);
        assertEquals(SECRET, strict.headersFor(URI.create("https://cdn.example.org:443/seg.ts")));
        assertEquals(Map.of(), strict.headersFor(URI.create("https://evil.example.net/seg.ts")));
        assertEquals(Map.of(), strict.headersFor(URI.create("https://cdn.example.org:8443/seg.ts")));
        assertEquals(Map.of(), strict.headersFor(URI.create("http://cdn.example.org/seg.ts")));
        PlaylistTrust configured = new PlaylistTrust(URI.create("https://cdn.example.org/a.m3u8"), SECRET,
                new PlaylistTrust.Settings(Set.of(Origin.of(URI.create("https://keys.example.org"))), false, false));
        assertEquals(SECRET, configured.headersFor(URI.create("https://keys.example.org/k.bin")));
    }

    @Test
    void anHttpsPlaylistMayNotNameHttpUnlessConfigured() {
        PlaylistException e = refused("https://cdn.example.org/a.m3u8", "http://cdn.example.org/seg.ts",
                PlaylistTrust.Settings.STRICT);
        assertTrue(e.getMessage().contains("http://cdn.example.org/seg.ts"), e.getMessage());
        assertDoesNotThrow(() -> new PlaylistTrust(URI.create("https://cdn.example.org/a.m3u8"), SECRET,
                new PlaylistTrust.Settings(Set.of(), true, false)).admit(URI.create("https://cdn.example.org/a.m3u8"),
                media("http://cdn.example.org/seg.ts")));
    }

    @Test
    void aPublicPlaylistMayNotNameLocalOrPrivateAddresses() throws PlaylistException {
        for (String host : List.of("127.0.0.1", "localhost", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254",
                "[::1]", "[fd00::1]", "0.0.0.0")) {
            PlaylistException e = refused("https://cdn.example.org/a.m3u8", "https://" + host + "/seg.ts",
                    PlaylistTrust.Settings.STRICT);
            assertTrue(e.getMessage().contains("private address"), host + ": " + e.getMessage());
        }
        for (String host : List.of("8.8.8.8", "cdn2.example.org", "172.32.0.1", "[2001:db8::1]")) {
            new PlaylistTrust(URI.create("https://cdn.example.org/a.m3u8"), SECRET, PlaylistTrust.Settings.STRICT)
                    .admit(URI.create("https://cdn.example.org/a.m3u8"), media("https://" + host + "/seg.ts"));
        }
        // a playlist that itself came from a private address may name others (a home server, a test rig)
        new PlaylistTrust(URI.create("http://192.168.1.10/a.m3u8"), SECRET, PlaylistTrust.Settings.STRICT)
                .admit(URI.create("http://192.168.1.10/a.m3u8"), media("http://127.0.0.1/seg.ts"));
        assertFalse(PlaylistTrust.isPrivate("999.1.1.1"), "not an address, and never resolved");
    }
}
