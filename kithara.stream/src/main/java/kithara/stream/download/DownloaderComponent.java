package kithara.stream.download;

import java.time.Duration;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import kithara.api.net.Downloader;
import kithara.api.net.Peer;
import kithara.api.net.PeerHandle;
import kithara.stream.http.HttpTransport;
import kithara.stream.http.ProxySettings;
import kithara.stream.http.RetryPolicy;
import kithara.stream.http.TransportConfig;
import kithara.stream.http.TrustStore;

/**
 * The shared {@link Downloader} service, configured through Configuration Admin (PID
 * {@code kithara.stream.downloader}). A configuration change restarts it: peers see their fetches cancelled
 * and register again with the new service. Stopping the bundle cancels everything and ends its threads.
 */
@Component(service = Downloader.class, configurationPid = "kithara.stream.downloader")
@Designate(ocd = DownloaderConfig.class)
public final class DownloaderComponent implements Downloader {

    private final HttpDownloader downloader;

    /** Starts the HTTP client and the scheduling loop. */
    @Activate
    public DownloaderComponent(DownloaderConfig config) throws Exception {
        TransportConfig transport = new TransportConfig(Duration.ofMillis(config.connectTimeoutMs()),
                Duration.ofMillis(config.idleTimeoutMs()), Duration.ofMillis(config.totalTimeoutMs()),
                config.maxRedirects(), new RetryPolicy(config.maxAttempts(), Duration.ofMillis(config.backoffBaseMs()),
                        Duration.ofMillis(config.backoffMaxMs())), config.userAgent(), config.allowHttpsToHttp(),
                proxyOf(config),
                TrustStore.of(config.trustStore(), config.trustStoreType(), config.trustStorePassword()));
        downloader = new HttpDownloader(new HttpTransport(transport), config.maxInFlight());
    }

    /** The configured proxy; one that cannot be parsed fails every fetch, naming the setting, rather than the component. */
    private static ProxySettings proxyOf(DownloaderConfig config) {
        try {
            return ProxySettings.parse(config.proxy(), List.of(config.proxyDirectHosts()));
        } catch (IllegalArgumentException e) {
            return ProxySettings.unusable("kithara.stream.downloader.proxy: " + e.getMessage());
        }
    }

    @Override
    public PeerHandle register(Peer peer) {
        return downloader.register(peer);
    }

    @Override
    public Stats stats() {
        return downloader.stats();
    }

    /** Cancels every fetch and ends the threads. */
    @Deactivate
    void deactivate() throws Exception {
        downloader.close();
    }
}
