package kithara.stream.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP transport's settings. Immutable.
 *
 * @param connectTimeout how long opening a connection may take
 * @param idleTimeout    how long a connection may stay silent (no header or body byte) before the attempt fails
 * @param totalTimeout   how long one attempt may take in all; zero means no limit (long downloads)
 * @param maxRedirects   redirects followed per request
 * @param retry          when and how long to wait before retrying
 * @param userAgent      the User-Agent header
 * @param allowHttpsToHttp whether a redirect may lead from https to http (it never carries the caller's headers)
 * @param proxy          the HTTP proxy, or {@link ProxySettings#NONE}
 * @param trustStore     what TLS servers are checked against
 */
public record TransportConfig(Duration connectTimeout, Duration idleTimeout, Duration totalTimeout, int maxRedirects,
                              RetryPolicy retry, String userAgent, boolean allowHttpsToHttp, ProxySettings proxy,
                              TrustStore trustStore) {

    /**
     * Defaults: 10 s connect, 20 s idle, no total limit, 8 redirects, {@link RetryPolicy#DEFAULT}, no downgrade, no
     * proxy, the JDK's certificates.
     */
    public static final TransportConfig DEFAULT = new TransportConfig(Duration.ofSeconds(10), Duration.ofSeconds(20),
            Duration.ZERO, 8, RetryPolicy.DEFAULT, "Kithara/0.1", false, ProxySettings.NONE, TrustStore.JDK);

    /** Validates the fields. */
    public TransportConfig {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        if (totalTimeout.isNegative()) {
            throw new IllegalArgumentException("totalTimeout < 0: " + totalTimeout);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects < 0: " + maxRedirects);
        }
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(trustStore, "trustStore");
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0: " + d);
        }
    }

    /** Returns a copy with another idle timeout. */
    public TransportConfig withIdleTimeout(Duration d) {
        return new TransportConfig(connectTimeout, d, totalTimeout, maxRedirects, retry, userAgent, allowHttpsToHttp, proxy,
                trustStore);
    }

    /** Returns a copy with another retry policy. */
    public TransportConfig withRetry(RetryPolicy policy) {
        return new TransportConfig(connectTimeout, idleTimeout, totalTimeout, maxRedirects, policy, userAgent, allowHttpsToHttp,
                proxy, trustStore);
    }

    /** Returns a copy with another total timeout. */
    public TransportConfig withTotalTimeout(Duration d) {
        return new TransportConfig(connectTimeout, idleTimeout, d, maxRedirects, retry, userAgent, allowHttpsToHttp, proxy,
                trustStore);
    }

    /** Returns a copy that goes through {@code settings}' proxy. */
    public TransportConfig withProxy(ProxySettings settings) {
        return new TransportConfig(connectTimeout, idleTimeout, totalTimeout, maxRedirects, retry, userAgent, allowHttpsToHttp,
                settings, trustStore);
    }

    /** Returns a copy that checks TLS servers against {@code store}. */
    public TransportConfig withTrustStore(TrustStore store) {
        return new TransportConfig(connectTimeout, idleTimeout, totalTimeout, maxRedirects, retry, userAgent, allowHttpsToHttp,
                proxy, store);
    }
}
