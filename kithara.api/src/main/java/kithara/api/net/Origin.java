package kithara.api.net;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a request goes, as browsers compare it (RFC 6454): scheme, host and port, lower case, with the default port
 * made explicit. Request headers given for one origin (credentials, API keys) go to that origin only.
 *
 * @param scheme lower-case scheme, e.g. {@code https}
 * @param host   lower-case host, e.g. {@code cdn.example.org}
 * @param port   the port, the scheme's default when the URI names none (-1 when the scheme has none)
 */
public record Origin(String scheme, String host, int port) {

    /** Validates and normalises. */
    public Origin {
        scheme = Objects.requireNonNull(scheme, "scheme").toLowerCase(Locale.ROOT);
        host = Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT);
    }

    /** The origin of an absolute URI; the host is empty for URIs without one. */
    public static Origin of(URI uri) {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        return new Origin(scheme, uri.getHost() == null ? "" : uri.getHost(), port);
    }

    /** Whether going from this origin to {@code to} drops TLS (https to http). */
    public boolean downgradesTo(Origin to) {
        return scheme.equals("https") && to.scheme.equals("http");
    }

    @Override
    public String toString() {
        return scheme + "://" + host + (port >= 0 ? ":" + port : "");
    }
}
