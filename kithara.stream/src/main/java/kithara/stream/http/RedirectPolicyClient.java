package kithara.stream.http;

import java.net.URI;
import java.util.OptionalInt;
import java.util.Set;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;

import kithara.api.net.FetchException;
import kithara.api.net.Origin;

/**
 * A Jetty client whose redirects keep the caller's credentials at home: a redirect to another origin (scheme, host,
 * port) carries only the protocol headers of the request (range, accept, user agent), never the caller's own
 * (Authorization, cookies, API keys), and a redirect from https to http is refused unless {@code allowDowngrade}.
 */
final class RedirectPolicyClient extends HttpClient {

    /** Headers that say how to fetch, not who asks: kept across origins. */
    private static final Set<HttpHeader> PROTOCOL_HEADERS = Set.of(HttpHeader.RANGE, HttpHeader.IF_RANGE,
            HttpHeader.ACCEPT, HttpHeader.ACCEPT_ENCODING, HttpHeader.ACCEPT_LANGUAGE, HttpHeader.USER_AGENT);

    private final boolean allowDowngrade;

    RedirectPolicyClient(ClientConnector connector, boolean allowDowngrade) {
        super(new HttpClientTransportOverHTTP(connector));
        this.allowDowngrade = allowDowngrade;
    }

    @Override
    protected Request copyRequest(Request oldRequest, URI newUri) {
        URI oldUri = oldRequest.getURI();
        Origin from = Origin.of(oldUri);
        Origin to = Origin.of(newUri);
        if (!allowDowngrade && from.downgradesTo(to)) {
            // thrown here, Jetty fails the exchange with it
            throw new RedirectRefused(new FetchException(oldUri, FetchException.Reason.REFUSED, OptionalInt.empty(),
                    false, "refused a redirect from https to http: " + newUri, null));
        }
        Request copy = super.copyRequest(oldRequest, newUri);
        if (!from.equals(to)) {
            copy.headers(headers -> {
                for (HttpField field : oldRequest.getHeaders()) {
                    if (field.getHeader() == null || !PROTOCOL_HEADERS.contains(field.getHeader())) {
                        headers.remove(field.getName());
                    }
                }
            });
        }
        return copy;
    }

    /** Carries a refused redirect out of Jetty; {@link Failures#classify} unwraps the {@link FetchException}. */
    static final class RedirectRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedirectRefused(FetchException why) {
            super(why.getMessage(), why);
        }
    }
}
