package kithara.stream.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The HTTP proxy every request goes through (plain requests for http URIs, a CONNECT tunnel for https ones), and the
 * hosts reached without it. Immutable.
 *
 * @param host        the proxy's host name or address; empty to reach every host directly
 * @param port        the proxy's port
 * @param directHosts hosts reached without the proxy: a name or address ({@code localhost}, {@code 10.0.0.7},
 *                    {@code [::1]}), or a domain suffix starting with {@code .} or {@code *.} ({@code .corp.example}
 *                    matches {@code corp.example} and every name under it); compared without case
 * @param problem     why the configured proxy cannot be used (every request then fails with it), or empty
 */
public record ProxySettings(String host, int port, List<String> directHosts, String problem) {

    /** No proxy: every host is reached directly. */
    public static final ProxySettings NONE = new ProxySettings("", 0, List.of(), "");

    /**
     * Settings that fail every request with {@code problem}: a proxy was configured but cannot be used, and going
     * around it could break the network's rules.
     */
    public static ProxySettings unusable(String problem) {
        return new ProxySettings("", 0, List.of(), problem);
    }

    /** Validates the fields. */
    public ProxySettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(problem, "problem");
        directHosts = directHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        if (!host.isEmpty() && (port < 1 || port > 65_535)) {
            throw new IllegalArgumentException("the proxy's port must be 1 to 65535, not " + port);
        }
    }

    /**
     * Parses a proxy address as configuration gives it.
     *
     * @param address     {@code host:port} (an IPv6 address in brackets), optionally after {@code http://}; blank for
     *                    no proxy
     * @param directHosts hosts reached without the proxy; an entry may hold several, separated by commas
     * @throws IllegalArgumentException naming the address when it is not {@code host:port}
     */
    public static ProxySettings parse(String address, List<String> directHosts) {
        String a = address == null ? "" : address.trim();
        if (a.isEmpty()) {
            return NONE;
        }
        URI uri;
        try {
            uri = new URI(a.contains("://") ? a : "http://" + a);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the proxy must be host:port, not '" + address + "'", e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65_535
                || !(uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))) {
            throw new IllegalArgumentException("the proxy must be host:port (an HTTP proxy), not '" + address + "'");
        }
        List<String> hosts = directHosts.stream().flatMap(h -> List.of(h.split(",")).stream()).toList();
        return new ProxySettings(uri.getHost(), uri.getPort(), hosts, "");
    }

    /** Returns whether a proxy is configured. */
    public boolean isSet() {
        return !host.isEmpty();
    }

    /** Returns whether requests to {@code requestHost} bypass the proxy. */
    public boolean reachesDirectly(String requestHost) {
        if (!isSet()) {
            return true;
        }
        String h = requestHost.toLowerCase(Locale.ROOT);
        String bare = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        for (String d : directHosts) {
            String suffix = d.startsWith("*.") ? d.substring(1) : d.startsWith(".") ? d : null;
            if (suffix != null ? h.endsWith(suffix) || h.equals(suffix.substring(1)) : d.equals(h) || d.equals(bare)
                    || d.equals("[" + bare + "]")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return isSet() ? host + ":" + port + (directHosts.isEmpty() ? "" : " (direct: " + String.join(", ", directHosts) + ")")
                : "no proxy";
    }
}
