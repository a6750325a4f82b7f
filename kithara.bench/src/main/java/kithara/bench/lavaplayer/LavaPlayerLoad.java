package kithara.bench.lavaplayer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.sedmelluq.discord.lavaplayer.format.StandardAudioDataFormats;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.player.DefaultAudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.http.HttpAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.local.LocalAudioSourceManager;

import kithara.launcher.loadtest.LoadTest;

/**
 * {@code kithara loadtest}'s harness with LavaPlayer 2.2.4 as the engine, for a same-run comparison: the same
 * streams, pacing (200 ms lead, a read every 20 ms), underrun rule and footprint measures; LavaPlayer decodes each
 * stream on its own threads into 16-bit PCM at 48 kHz stereo (its common output format, no Opus encoding).
 * <pre>java -XX:+UseG1GC -cp kithara.bench/target/benchmarks.jar kithara.bench.lavaplayer.LavaPlayerLoad
 *     --streams N [--seconds S] [--ramp S] --url URL...</pre>
 * Prints the same summary line as {@code kithara loadtest}, last; exits 0 when every stream played.
 */
public final class LavaPlayerLoad {

    private LavaPlayerLoad() {
    }

    public static void main(String[] args) throws InterruptedException {
        int streams = 0;
        double seconds = 60;
        double ramp = 0;
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--streams" -> streams = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--ramp" -> ramp = Double.parseDouble(args[i + 1]);
                case "--url" -> uris.add(args[i + 1].contains("://") ? URI.create(args[i + 1]) : Path.of(args[i + 1]).toUri());
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (streams < 1 || uris.isEmpty()) {
            System.err.println("usage: LavaPlayerLoad --streams N [--seconds S] [--ramp S] --url URL...");
            System.exit(2);
        }
        AudioPlayerManager manager = new DefaultAudioPlayerManager();
        manager.getConfiguration().setOutputFormat(StandardAudioDataFormats.COMMON_PCM_S16_LE);
        manager.registerSourceManager(new HttpAudioSourceManager());
        manager.registerSourceManager(new LocalAudioSourceManager());
        LoadTest.Settings settings = new LoadTest.Settings(streams, Duration.ofNanos((long) (seconds * 1e9)),
                Duration.ofNanos((long) (ramp * 1e9)), uris);
        LoadTest.Report r;
        try {
            r = LoadTest.run(uri -> LavaPlayerFeed.open(manager, uri), settings, System.err::println);
        } finally {
            manager.shutdown();
        }
        System.out.printf(Locale.ROOT, "lavaplayer 2.2.4: %d of %d streams played, %d reads, %d underruns (worst %d ms), "
                        + "threads %d before, %d with the streams open; resident %d MiB with the streams open%n",
                r.played(), r.streams(), r.reads(), r.underruns(), r.lateWorstMs(), r.before().threads(),
                r.loaded().threads(), r.loaded().residentBytes().orElse(0L) >> 20);
        r.failures().stream().limit(5).forEach(f -> System.out.println("failed " + f.uri() + ": " + f.reason()));
        System.out.println(r.summary());
        System.exit(r.failures().isEmpty() && r.played() == r.streams() ? 0 : 1);
    }
}
