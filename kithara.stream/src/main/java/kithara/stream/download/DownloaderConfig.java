package kithara.stream.download;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Option;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration Admin settings of the shared downloader (PID {@code kithara.stream.downloader}). */
@ObjectClassDefinition(name = "Kithara Downloader", description = "The shared HTTP downloader of every Kithara stream.")
public @interface DownloaderConfig {

    /** Fetches running at once over all streams. */
    @AttributeDefinition(description = "Fetches running at once over all streams", min = "1")
    int maxInFlight() default 6;

    /** Connect timeout in milliseconds. */
    @AttributeDefinition(description = "Connect timeout (ms)", min = "1")
    long connectTimeoutMs() default 10_000;

    /** Idle (no byte) timeout in milliseconds. */
    @AttributeDefinition(description = "Idle timeout: no byte for this long fails the attempt (ms)", min = "1")
    long idleTimeoutMs() default 20_000;

    /** Total timeout of one attempt in milliseconds; 0 for none. */
    @AttributeDefinition(description = "Total timeout of one attempt (ms); 0 for none", min = "0")
    long totalTimeoutMs() default 0;

    /** Attempts per fetch, the first included. */
    @AttributeDefinition(description = "Attempts per fetch, the first included", min = "1")
    int maxAttempts() default 5;

    /** First retry's backoff ceiling in milliseconds; doubles per retry. */
    @AttributeDefinition(description = "Backoff before the first retry (ms), doubling per retry", min = "0")
    long backoffBaseMs() default 200;

    /** Longest backoff, and longest Retry-After honoured, in milliseconds. */
    @AttributeDefinition(description = "Longest backoff and longest Retry-After honoured (ms)", min = "0")
    long backoffMaxMs() default 10_000;

    /** Redirects followed per request. */
    @AttributeDefinition(description = "Redirects followed per request", min = "0")
    int maxRedirects() default 8;

    /** Whether a redirect may lead from https to http (it never carries the caller's headers either way). */
    @AttributeDefinition(description = "Follow redirects from https to http (off: such a redirect fails the fetch)")
    boolean allowHttpsToHttp() default false;

    /** The HTTP proxy as host:port; empty to connect directly. */
    @AttributeDefinition(description = "HTTP proxy as host:port (https goes through it as a CONNECT tunnel); empty to"
            + " connect directly", required = false)
    String proxy() default "";

    /** Hosts reached without the proxy. */
    @AttributeDefinition(description = "Hosts reached without the proxy: names or addresses, or domain suffixes such as"
            + " .corp.example (comma-separated where a single value is given)", required = false)
    String[] proxyDirectHosts() default {"localhost", "127.0.0.1", "[::1]"};

    /** A trust store file TLS servers are checked against instead of the JDK's certificates. */
    @AttributeDefinition(description = "Trust store file (PKCS12 or JKS) TLS servers are checked against; empty for the"
            + " JDK's certificates", required = false)
    String trustStore() default "";

    /** The trust store's type. */
    @AttributeDefinition(description = "Type of the trust store", options = {
            @Option(label = "PKCS12", value = "PKCS12"), @Option(label = "JKS", value = "JKS")})
    String trustStoreType() default "PKCS12";

    /** The trust store's password. */
    @AttributeDefinition(description = "Password of the trust store; empty when it has none", type = AttributeType.PASSWORD,
            required = false)
    String trustStorePassword() default "";

    /** The User-Agent header. */
    @AttributeDefinition(description = "User-Agent header")
    String userAgent() default "Kithara/0.1";
}
