package kithara.protocol.hls;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import kithara.api.net.Origin;

/**
 * What a playlist from a server we do not control may make us do. The caller's request headers (credentials, API
 * keys) go only to the playlist's own origin and to origins configured as trusted; a playlist fetched over https may
 * not name http URIs; a playlist from a public address may not name loopback, link-local or private addresses (blind
 * requests into the user's network). Hosts are judged as written: literal addresses and {@code localhost}; names are
 * not resolved here.
 */
final class PlaylistTrust {

    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}$");
    private static final Pattern IPV6 = Pattern.compile("^\\[?[0-9a-f:.]*:[0-9a-f:.]*\\]?$");

    /**
     * What configuration relaxes.
     *
     * @param trusted          more origins than the playlist's own that get the caller's headers
     * @param allowHttpsToHttp whether an https playlist may name http URIs
     * @param allowPrivate     whether any playlist may name private addresses
     */
    record Settings(Set<Origin> trusted, boolean allowHttpsToHttp, boolean allowPrivate) {

        /** The safe defaults: no other origin, no downgrade, private addresses only from a private playlist. */
        static final Settings STRICT = new Settings(Set.of(), false, false);

        Settings {
            trusted = Set.copyOf(trusted);
        }

        /** Reads the configuration; origins are written as {@code https://cdn.example.org[:port]}. */
        static Settings of(HlsConfig config) {
            List<Origin> origins = new ArrayList<>();
            for (String entry : config.trustedOrigins()) {
                if (!entry.isBlank()) {
                    origins.add(Origin.of(URI.create(entry.trim())));
                }
            }
            return new Settings(Set.copyOf(origins), config.allowHttpsToHttp(), config.allowPrivateAddresses());
        }
    }

    private final Origin home;
    private final Map<String, String> headers;
    private final Settings settings;
    private final boolean allowPrivate;

    /**
     * @param playlist the URI the caller asked for
     * @param headers  the caller's request headers, for the playlist's origin
     * @param settings what configuration relaxes
     */
    PlaylistTrust(URI playlist, Map<String, String> headers, Settings settings) {
        this.home = Origin.of(playlist);
        this.headers = Map.copyOf(headers);
        this.settings = settings;
        this.allowPrivate = settings.allowPrivate() || isPrivate(home.host());
    }

    /** The headers a request to {@code uri} carries: the caller's for a trusted origin, else none. */
    Map<String, String> headersFor(URI uri) {
        Origin to = Origin.of(uri);
        return to.equals(home) || settings.trusted().contains(to) ? headers : Map.of();
    }

    /**
     * Checks every URI a playlist names.
     *
     * @throws PlaylistException naming the playlist and the URI it may not name
     */
    void admit(URI playlistUri, Playlist playlist) throws PlaylistException {
        if (playlist instanceof Playlist.Master master) {
            for (Playlist.Variant v : master.variants()) {
                admit(playlistUri, v.uri());
            }
        } else if (playlist instanceof Playlist.Media media) {
            for (Playlist.Segment s : media.segments()) {
                admit(playlistUri, s.part());
                if (s.init().isPresent()) {
                    admit(playlistUri, s.init().get());
                }
            }
        }
    }

    private void admit(URI playlistUri, Playlist.Part part) throws PlaylistException {
        admit(playlistUri, part.uri());
        if (part.key().isPresent()) {
            admit(playlistUri, part.key().get().uri());
        }
    }

    private void admit(URI playlistUri, URI named) throws PlaylistException {
        Origin to = Origin.of(named);
        if (!settings.allowHttpsToHttp() && home.downgradesTo(to)) {
            throw new PlaylistException(playlistUri.toString(), "an https stream may not name the http URI " + named
                    + " (configuration kithara.protocol.hls allowHttpsToHttp)");
        }
        if (!allowPrivate && isPrivate(to.host())) {
            throw new PlaylistException(playlistUri.toString(), "a playlist from " + home + " may not name the local or"
                    + " private address " + named + " (configuration kithara.protocol.hls allowPrivateAddresses)");
        }
    }

    /** Whether a host as written is a loopback, link-local, private or unspecified address, or localhost. */
    static boolean isPrivate(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!IPV4.matcher(h).matches() && !IPV6.matcher(h).matches()) {
            return false; // a name: never resolved here
        }
        try {
            InetAddress a = InetAddress.getByName(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
            byte[] b = a.getAddress();
            boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
            return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                    || uniqueLocalV6;
        } catch (UnknownHostException e) {
            return false; // a malformed literal, which nothing can connect to
        }
    }
}
