package kithara.stream.http;

import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import kithara.api.net.FetchException;

/**
 * Jetty's client connector with a TLS context that starts on the first secure connection rather than with the
 * client: building the SSL context and reading the JDK's trust store costs a few hundred milliseconds of CPU, which
 * a process that only fetches over plain HTTP (a loopback server, a LAN) would otherwise pay before its first
 * request. An https URL, a tunnel through a proxy and a redirect to https all ask for the TLS connection factory
 * here, so each finds the context started.
 */
final class LazyTlsConnector extends ClientConnector {

    @Override
    public void setSslContextFactory(SslContextFactory.Client tls) {
        super.setSslContextFactory(tls);
        if (tls != null) {
            unmanage(tls); // the connector's start leaves it alone; the first secure connection starts it
        }
    }

    @Override
    public ClientConnectionFactory newSslClientConnectionFactory(SslContextFactory.Client tls,
                                                                 ClientConnectionFactory next) {
        SslContextFactory.Client context = tls != null ? tls : getSslContextFactory();
        if (context != null) {
            startOnce(context);
        }
        return super.newSslClientConnectionFactory(context, next);
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        SslContextFactory.Client tls = getSslContextFactory();
        if (tls != null) {
            synchronized (tls) {
                tls.stop();
            }
        }
    }

    private static void startOnce(SslContextFactory.Client tls) {
        synchronized (tls) {
            if (tls.isStarted()) {
                return;
            }
            try {
                tls.start();
            } catch (Exception e) {
                throw new HttpTransport.Unavailable(FetchException.Reason.TLS, "TLS cannot start: " + e, e);
            }
        }
    }
}
