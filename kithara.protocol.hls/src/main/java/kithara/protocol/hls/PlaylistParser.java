package kithara.protocol.hls;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import kithara.api.source.ByteRange;

/**
 * Parses master and media playlists (RFC 8216) with real-world leniency (BOM, CRLF, blank lines, unquoted
 * attribute values, relative and query-string URIs) and hostile-input caps. A playlist fetched over http(s) may
 * only name http(s) URIs: a playlist never makes us read a local file.
 */
final class PlaylistParser {

    /** Largest playlist accepted, in characters. */
    static final int MAX_CHARS = 8 << 20;
    /** Longest line accepted. */
    static final int MAX_LINE = 64 * 1024;
    /** Most segments accepted. */
    static final int MAX_SEGMENTS = 200_000;
    /** Most variants a master playlist may list (real ladders have a handful). */
    static final int MAX_VARIANTS = 128;
    /** Longest target or segment duration accepted: longer ones are not audio segments but hostile numbers. */
    static final Duration MAX_DURATION = Duration.ofHours(24);

    private PlaylistParser() {
    }

    /**
     * Parses {@code text} fetched from {@code base}.
     *
     * @throws PlaylistException naming the playlist and the problem
     */
    static Playlist parse(String text, URI base) throws PlaylistException {
        String where = base.toString();
        if (text.length() > MAX_CHARS) {
            throw new PlaylistException(where, "larger than " + MAX_CHARS + " characters");
        }
        String[] lines = text.replace("\uFEFF", "").split("\r\n|\r|\n");
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length || !lines[first].trim().startsWith("#EXTM3U")) {
            throw new PlaylistException(where, "no #EXTM3U header");
        }
        List<Map<String, String>> variantTags = new ArrayList<>();
        int ignoredVariants = 0;
        List<URI> variantUris = new ArrayList<>();
        Map<String, URI> audioGroups = new HashMap<>();
        List<Playlist.Segment> segments = new ArrayList<>();
        Map<String, String> pendingVariant = null;
        Duration pendingDuration = null;
        Optional<ByteRange> pendingRange = Optional.empty();
        boolean gap = false;
        long discontinuitySequence = 0;
        Optional<Duration> start = Optional.empty();
        Optional<Playlist.Key> key = Optional.empty();
        Optional<Playlist.Part> init = Optional.empty();
        Duration target = Duration.ZERO;
        long sequence = 0;
        long mediaSequence = 0;
        boolean endList = false;
        long lastRangeEnd = 0;
        for (int i = first + 1; i < lines.length; i++) {
            String line = lines[i].trim();
            try {
                if (line.length() > MAX_LINE) {
                    throw new PlaylistException(where, "line " + (i + 1) + " longer than " + MAX_LINE);
                }
                if (line.isEmpty()) {
                    continue;
                }
                if (!line.startsWith("#")) {
                    URI uri = resolve(base, line, where);
                    if (pendingVariant != null) {
                        if (variantTags.size() < MAX_VARIANTS) {
                            variantTags.add(pendingVariant);
                            variantUris.add(uri);
                        } else {
                            ignoredVariants++; // a hostile or absurd master: the first ones play, the rest cost nothing
                        }
                        pendingVariant = null;
                    } else if (pendingDuration != null) {
                        if (segments.size() >= MAX_SEGMENTS) {
                            throw new PlaylistException(where, "more than " + MAX_SEGMENTS + " segments");
                        }
                        segments.add(new Playlist.Segment(new Playlist.Part(uri, pendingRange, key, sequence), pendingDuration,
                                discontinuitySequence, init, gap));
                        lastRangeEnd = pendingRange.map(ByteRange::end).orElse(0L);
                        sequence = Math.addExact(sequence, 1);
                        pendingDuration = null;
                        pendingRange = Optional.empty();
                        gap = false;
                    }
                    continue;
                }
                int colon = line.indexOf(':');
                String tag = (colon < 0 ? line : line.substring(0, colon)).toUpperCase(Locale.ROOT);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                switch (tag) {
                    case "#EXT-X-STREAM-INF" -> pendingVariant = attributes(value);
                    case "#EXT-X-TARGETDURATION" -> target = bounded(Duration.ofSeconds(Math.min(number(value.trim(), where, tag),
                            MAX_DURATION.toSeconds() + 1)), where, tag);
                    case "#EXT-X-MEDIA-SEQUENCE" -> {
                        mediaSequence = number(value.trim(), where, tag);
                        sequence = mediaSequence;
                    }
                    case "#EXTINF" -> {
                        pendingDuration = bounded(seconds(value.split(",", 2)[0], where, tag), where, tag);
                    }
                    case "#EXT-X-BYTERANGE" -> pendingRange = Optional.of(byteRange(value.trim(), lastRangeEnd, where));
                    case "#EXT-X-DISCONTINUITY" -> discontinuitySequence++;
                    case "#EXT-X-DISCONTINUITY-SEQUENCE" -> discontinuitySequence = number(value.trim(), where, tag);
                    case "#EXT-X-GAP" -> gap = true;
                    case "#EXT-X-START" -> start = Optional.of(seconds(attributes(value).get("TIME-OFFSET"), where, tag));
                    case "#EXT-X-MEDIA" -> {
                        Map<String, String> a = attributes(value);
                        boolean audio = "AUDIO".equalsIgnoreCase(a.get("TYPE"));
                        if (audio && a.containsKey("URI") && a.containsKey("GROUP-ID")
                                && (!audioGroups.containsKey(a.get("GROUP-ID")) || "YES".equalsIgnoreCase(a.get("DEFAULT")))) {
                            audioGroups.put(a.get("GROUP-ID"), resolve(base, a.get("URI"), where));
                        }
                    }
                    case "#EXT-X-ENDLIST" -> endList = true;
                    case "#EXT-X-KEY" -> key = key(attributes(value), base, where);
                    case "#EXT-X-MAP" -> {
                        Map<String, String> a = attributes(value);
                        String uri = a.get("URI");
                        if (uri == null) {
                            throw new PlaylistException(where, "EXT-X-MAP without URI");
                        }
                        Optional<ByteRange> range = a.containsKey("BYTERANGE")
                                ? Optional.of(byteRange(a.get("BYTERANGE"), 0, where)) : Optional.empty();
                        init = Optional.of(new Playlist.Part(resolve(base, uri, where), range, key, sequence));
                    }
                    default -> {
                        // VERSION, PLAYLIST-TYPE (ENDLIST decides), INDEPENDENT-SEGMENTS (every segment starts decodable), ...
                    }
                }
            } catch (ArithmeticException | IllegalArgumentException | DateTimeException e) {
                // numbers that overflow, hex that is not, and whatever else a hostile line holds: typed, naming the line
                throw new PlaylistException(where, "line " + (i + 1) + " '" + abbreviate(line) + "': " + e.getMessage());
            }
        }
        if (!variantTags.isEmpty()) {
            List<Playlist.Variant> variants = new ArrayList<>();
            for (int v = 0; v < variantTags.size(); v++) {
                variants.add(variant(variantTags.get(v), variantUris.get(v), audioGroups, where));
            }
            return new Playlist.Master(List.copyOf(variants), ignoredVariants);
        }
        return new Playlist.Media(List.copyOf(segments), target, mediaSequence, endList, start);
    }

    /** A variant plays its AUDIO group's rendition when the group names a playlist of its own. */
    private static Playlist.Variant variant(Map<String, String> tag, URI uri, Map<String, URI> audioGroups, String where)
            throws PlaylistException {
        long bandwidth = number(tag.get("BANDWIDTH"), where, "BANDWIDTH");
        String avg = tag.get("AVERAGE-BANDWIDTH");
        String codecs = tag.getOrDefault("CODECS", "");
        URI media = Optional.ofNullable(tag.get("AUDIO")).map(audioGroups::get).orElse(uri);
        return new Playlist.Variant(media, bandwidth, avg == null ? bandwidth : number(avg, where, "AVERAGE-BANDWIDTH"),
                codecs.isBlank() ? List.of() : List.of(codecs.split("\\s*,\\s*")));
    }

    /** A duration from 0 to {@link #MAX_DURATION}. */
    private static Duration bounded(Duration d, String where, String what) throws PlaylistException {
        if (d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
            throw new PlaylistException(where, what + " of " + d.toSeconds() + " s is outside 0 to " + MAX_DURATION.toSeconds() + " s");
        }
        return d;
    }

    private static Duration seconds(String text, String where, String what) throws PlaylistException {
        try {
            return Duration.ofNanos(new BigDecimal(text == null ? "" : text.trim()).movePointRight(9).longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            throw new PlaylistException(where, "bad " + what + " seconds '" + text + "'");
        }
    }

    private static Optional<Playlist.Key> key(Map<String, String> a, URI base, String where) throws PlaylistException {
        String method = a.getOrDefault("METHOD", "NONE").toUpperCase(Locale.ROOT);
        if (method.equals("NONE")) {
            return Optional.empty();
        }
        if (!method.equals("AES-128")) {
            throw new PlaylistException(where, "unsupported key method " + method);
        }
        String uri = a.get("URI");
        if (uri == null) {
            throw new PlaylistException(where, "AES-128 key without URI");
        }
        Optional<byte[]> iv = Optional.empty();
        String ivText = a.get("IV");
        if (ivText != null) {
            String hex = ivText.startsWith("0x") || ivText.startsWith("0X") ? ivText.substring(2) : ivText;
            if (hex.length() != 32) {
                throw new PlaylistException(where, "IV must be 128 bits: " + ivText);
            }
            iv = Optional.of(HexFormat.of().parseHex(hex));
        }
        return Optional.of(new Playlist.Key(resolve(base, uri, where), iv));
    }

    private static ByteRange byteRange(String value, long continueFrom, String where) throws PlaylistException {
        String[] nAt = value.split("@", 2);
        long n = number(nAt[0].trim(), where, "BYTERANGE");
        long at = nAt.length == 2 ? number(nAt[1].trim(), where, "BYTERANGE") : continueFrom;
        return ByteRange.ofLength(at, n);
    }

    private static long number(String v, String where, String what) throws PlaylistException {
        try {
            long n = Long.parseLong(v == null ? "" : v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new PlaylistException(where, "bad " + what + " '" + v + "'");
        }
    }

    /** The start of a line for an error message. */
    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }

    /** Resolves {@code ref} against the playlist; a remote playlist may name http(s) URIs only. */
    private static URI resolve(URI base, String ref, String where) throws PlaylistException {
        URI uri;
        try {
            uri = base.resolve(new URI(ref.trim().replace(" ", "%20")));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new PlaylistException(where, "bad URI '" + ref + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String baseScheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        boolean remote = baseScheme.equals("http") || baseScheme.equals("https");
        if (remote ? !(scheme.equals("http") || scheme.equals("https")) : !scheme.equals(baseScheme)) {
            throw new PlaylistException(where, "it names " + uri + ": a playlist may only name " + (remote ? "http(s)" : baseScheme)
                    + " URIs");
        }
        return uri;
    }

    /** Parses an attribute list: KEY=value pairs, values quoted (may hold commas) or not (the corpus has URI=slq.key). */
    static Map<String, String> attributes(String list) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = list.length();
        while (i < n) {
            int eq = list.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = list.substring(i, eq).trim().toUpperCase(Locale.ROOT);
            int j = eq + 1;
            String value;
            if (j < n && list.charAt(j) == '"') {
                int close = list.indexOf('"', j + 1);
                if (close < 0) {
                    close = n;
                }
                value = list.substring(j + 1, close);
                j = close + 1;
                int comma = list.indexOf(',', j);
                j = comma < 0 ? n : comma + 1;
            } else {
                int comma = list.indexOf(',', j);
                value = list.substring(j, comma < 0 ? n : comma).trim();
                j = comma < 0 ? n : comma + 1;
            }
            out.put(name, value);
            i = j;
        }
        return out;
    }
}
