package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import kithara.stream.download.HttpDownloader;
import kithara.stream.http.HttpTransport;
import kithara.stream.http.TransportConfig;
import kithara.testkit.Fault;
import kithara.testkit.FaultServer;

/**
 * A live playlist on a real loopback server, reloaded on a fast clock (every reload scheduled at once instead of after
 * the target duration): the failures in a row and the fatal one, the count reset by a success, the end at ENDLIST.
 */
class LiveReloaderTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String MPEGURL = "application/vnd.apple.mpegurl";

    private FaultServer server;
    private HttpDownloader downloader;
    /** A real scheduler whose delays are all zero. */
    private final ScheduledThreadPoolExecutor fastClock = new ScheduledThreadPoolExecutor(1) {
        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            return super.schedule(task, 0, unit);
        }
    };

    @BeforeEach
    void start() throws Exception {
        server = FaultServer.start();
        downloader = new HttpDownloader(new HttpTransport(TransportConfig.DEFAULT), 2);
    }

    @AfterEach
    void stop() throws Exception {
        fastClock.shutdownNow();
        downloader.close();
        server.close();
    }

    private PlaylistTrust trust() {
        return new PlaylistTrust(server.uri("/live.m3u8"), Map.of(), PlaylistTrust.Settings.STRICT);
    }

    /** Serves a live playlist at /live.m3u8 and returns its track, loaded once. */
    private VariantTrack loadedLiveTrack() {
        server.serve("/live.m3u8", live(false).getBytes(), MPEGURL);
        VariantTrack track = new VariantTrack(0, new Playlist.Variant(server.uri("/live.m3u8"), 1, 1, List.of()),
                new TreeMap<>());
        track.load(downloader, trust()).join();
        return track;
    }

    private static String live(boolean ended) {
        return "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\na.m4s\n" + (ended ? "#EXT-X-ENDLIST\n" : "");
    }

    @Test
    void failuresCountInARowTheFifthIsFatalASuccessResetsAndTheEndListStops() throws Exception {
        VariantTrack track = loadedLiveTrack();
        server.fault("/live.m3u8", Fault.status(404).times(5));

        List<String> outcomes = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        LiveReloader reloader = new LiveReloader(downloader, trust(), fastClock, new LiveReloader.Stream() {
            @Override
            public Optional<VariantTrack> liveTrack() {
                if (!track.isLive()) {
                    stopped.countDown();
                    return Optional.empty();
                }
                return Optional.of(track);
            }

            @Override
            public void reloaded(VariantTrack t, Optional<Throwable> failure, int inARow, boolean fatal) {
                outcomes.add((failure.isPresent() ? "failed " : "ok ") + inARow + (fatal ? " fatal" : ""));
                if (outcomes.size() == 6) {
                    server.serve("/live.m3u8", live(true).getBytes(), MPEGURL); // the next reload finds the end
                }
            }
        });
        reloader.start();
        assertTrue(stopped.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), () -> "reloading stops at ENDLIST: " + outcomes);
        assertEquals(List.of("failed 1", "failed 2", "failed 3", "failed 4", "failed 5 fatal", "ok 0", "ok 0"),
                outcomes.subList(0, 7));
        assertEquals(7, outcomes.size(), "nothing reloaded after the end: " + outcomes);
        assertEquals(8, server.requests("/live.m3u8").size(), "the first load and seven reloads");
    }

    @Test
    void cancelStopsReloading() throws Exception {
        VariantTrack track = loadedLiveTrack();
        List<Integer> reloads = new CopyOnWriteArrayList<>();
        CountDownLatch askedAfterThree = new CountDownLatch(1);
        LiveReloader[] reloader = new LiveReloader[1];
        reloader[0] = new LiveReloader(downloader, trust(), fastClock, new LiveReloader.Stream() {
            @Override
            public Optional<VariantTrack> liveTrack() {
                if (reloads.size() >= 3) {
                    askedAfterThree.countDown();
                }
                return Optional.of(track);
            }

            @Override
            public void reloaded(VariantTrack t, Optional<Throwable> failure, int inARow, boolean fatal) {
                reloads.add(inARow);
                if (reloads.size() == 3) {
                    reloader[0].cancel(); // before the reloader asks for the next one
                }
            }
        });
        reloader[0].start();
        assertTrue(askedAfterThree.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), () -> "three reloads: " + reloads);
        fastClock.shutdown(); // runs what was scheduled, if anything was
        assertTrue(fastClock.awaitTermination(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(3, reloads.size(), "no reload after cancel: " + reloads);
    }
}
