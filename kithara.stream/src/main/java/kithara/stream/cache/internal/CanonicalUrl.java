package kithara.stream.cache.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Canonical URLs and the hashes that name assets after them. */
final class CanonicalUrl {

    private CanonicalUrl() {
    }

    /**
     * Returns {@code uri} with scheme and host lower-cased, the default port (80 for http, 443 for https) and the
     * fragment dropped, and the query dropped unless {@code keepQuery}.
     */
    static String of(URI uri, boolean keepQuery) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(scheme).append(':');
        if (uri.getRawAuthority() != null) {
            b.append("//");
            if (uri.getRawUserInfo() != null) {
                b.append(uri.getRawUserInfo()).append('@');
            }
            String host = uri.getHost() != null ? uri.getHost().toLowerCase(Locale.ROOT) : uri.getRawAuthority();
            b.append(host);
            int port = uri.getPort();
            boolean defaultPort = (port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"));
            if (port >= 0 && !defaultPort) {
                b.append(':').append(port);
            }
        }
        String path = uri.getRawPath();
        b.append(path == null || path.isEmpty() ? (uri.getRawAuthority() != null ? "/" : uri.getRawSchemeSpecificPart()) : path);
        if (keepQuery && uri.getRawQuery() != null) {
            b.append('?').append(uri.getRawQuery());
        }
        return b.toString();
    }

    /** Returns the SHA-256 of {@code text} (UTF-8) as lower-case hex. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }
}
