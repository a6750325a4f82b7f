package kithara.protocol.hls;

import java.time.Duration;
import java.util.Optional;

import kithara.api.net.Downloader;

/** Protocol instances for tests: default ABR settings, no asset cache unless given. */
final class HlsTesting {

    static final FetchPlanner.Limits FETCHING = new FetchPlanner.Limits(3, Duration.ofSeconds(30), 8L << 20);

    private HlsTesting() {
    }

    static HlsStreamType protocol(Downloader downloader) {
        return new HlsStreamType(downloader, Optional.empty(), AbrSettings.DEFAULTS, FETCHING, PlaylistTrust.Settings.STRICT);
    }
}
