package kithara.stream.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;

class LazyTlsConnectorTest {

    @Test
    void theTlsContextStartsWithTheFirstSecureConnectionAndStopsWithTheConnector() throws Exception {
        LazyTlsConnector connector = new LazyTlsConnector();
        SslContextFactory.Client tls = new SslContextFactory.Client();
        connector.setSslContextFactory(tls);
        connector.start();
        try {
            assertTrue(connector.isStarted());
            assertFalse(tls.isStarted(), "a client that only speaks plain HTTP never loads the trust store");
            assertNotNull(connector.newSslClientConnectionFactory(null, new HttpClientConnectionFactory()));
            assertTrue(tls.isStarted());
        } finally {
            connector.stop();
        }
        assertFalse(tls.isRunning());
    }
}
