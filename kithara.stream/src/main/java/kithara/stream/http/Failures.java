package kithara.stream.http;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.http.HttpException;

import kithara.api.net.FetchException;

/** Turns what Jetty reports into {@link FetchException}s that say why and whether retrying may help. */
final class Failures {

    private Failures() {
    }

    /** Returns whether a response status is worth retrying: 408, 429 and every 5xx. */
    static boolean isRetryableStatus(int status) {
        return status == 408 || status == 429 || status / 100 == 5;
    }

    /** Whether Jetty failed the response because it could not parse it, rather than for what the server said. */
    private static boolean isProtocolViolation(HttpResponseException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException || String.valueOf(t.getMessage()).contains("protocol violation")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the TLS handshake failed: a certificate not trusted, or issued for another name. */
    private static boolean isTls(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException
                    || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    /** Classifies a failure of an exchange; a {@link FetchException} in the cause chain wins. */
    static FetchException classify(URI uri, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FetchException f) {
                return f;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = String.valueOf(failure.getMessage());
        if (failure instanceof HttpResponseException h && isProtocolViolation(h)) {
            // Jetty could not parse the response (a proxy that garbled or cut it): no status came from the server
            return new FetchException(uri, FetchException.Reason.IO, OptionalInt.empty(), true, detail, failure);
        }
        if (failure instanceof HttpResponseException h) {
            // Jetty's own verdict on a response, e.g. too many redirects: the server's answer, not a transient fault.
            return new FetchException(uri, FetchException.Reason.HTTP_STATUS,
                    OptionalInt.of(h.getResponse().getStatus()), false, detail, failure);
        }
        if (failure instanceof CancellationException || root instanceof CancellationException) {
            return new FetchException(uri, FetchException.Reason.CANCELLED, OptionalInt.empty(), false, detail, failure);
        }
        if (failure instanceof TimeoutException || root instanceof TimeoutException) {
            return new FetchException(uri, FetchException.Reason.TIMEOUT, OptionalInt.empty(), true, detail, failure);
        }
        if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
            return new FetchException(uri, FetchException.Reason.CONNECT, OptionalInt.empty(), false, detail, failure);
        }
        if (root instanceof ConnectException) {
            return new FetchException(uri, FetchException.Reason.CONNECT, OptionalInt.empty(), true, detail, failure);
        }
        if (isTls(failure)) {
            return new FetchException(uri, FetchException.Reason.TLS, OptionalInt.empty(), false, "TLS failed: " + detail
                    + " (is the server's certificate authority in the configured trust store?)", failure);
        }
        if (root instanceof EOFException) {
            return new FetchException(uri, FetchException.Reason.LENGTH_MISMATCH, OptionalInt.empty(), true,
                    "the body ended early: " + detail, failure);
        }
        return new FetchException(uri, FetchException.Reason.IO, OptionalInt.empty(), true, detail, failure);
    }
}
