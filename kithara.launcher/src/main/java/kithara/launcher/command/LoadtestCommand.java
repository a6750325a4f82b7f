package kithara.launcher.command;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import kithara.api.net.Downloader;
import kithara.launcher.loadtest.Footprint;
import kithara.launcher.loadtest.LoadTest;
import kithara.launcher.loadtest.ResourceFeed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kithara loadtest}: how many real-time streams this process holds. Opens the streams, reads each at
 * real-time pace, prints a progress line on stderr while it runs, then a table and, as its last line, a
 * machine-readable summary. Exits 0 when every stream played to its end, 1 otherwise.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = {"Open N streams and read each at real-time pace, as N players would; report underruns and cost.",
                "Without --url, a built-in loopback origin serves an HLS ladder and a progressive MP3 (16 s each, looped).",
                "An underrun is a read that returned after the audio it brought was due (each player buffers 200 ms",
                "and asks every 20 ms). The last line is machine-readable: streams=N underruns=U late_ms_p99=L",
                "cpu_pct=C (of all cores) heap_kib_per_stream=H threads_per_stream=T."})
public final class LoadtestCommand implements Callable<Integer> {

    private static final int MAX_STREAMS = 100_000;

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--streams", required = true, description = "How many streams to open (1 to 100000).")
    Integer streams;

    @Option(names = "--seconds", description = "How long each stream plays, in seconds (default 60).", defaultValue = "60")
    Double seconds;

    @Option(names = "--ramp", description = "Seconds over which the streams are opened, evenly (default 0: all at once).",
            defaultValue = "0")
    Double ramp;

    @Option(names = "--url", description = "A stream to open (repeatable; streams go round-robin over them).")
    List<String> urls = new ArrayList<>();

    /** Creates the command for the launcher bundle's context. */
    public LoadtestCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        OptionChecks check = new OptionChecks(spec);
        check.range("--streams", streams, 1, MAX_STREAMS);
        check.seconds("--seconds", seconds, true);
        check.seconds("--ramp", ramp, false);
        List<URI> uris = new ArrayList<>();
        for (String url : urls) {
            uris.add(Inputs.toUri(spec, url));
        }
        if (!uris.isEmpty()) {
            return run(uris);
        }
        Path content = DemoContent.extract(context);
        try (StaticServer origin = StaticServer.start(content, "127.0.0.1", 0)) {
            for (String path : DemoContent.ALL) {
                uris.add(origin.base().resolve(path));
            }
            return run(uris);
        }
    }

    private int run(List<URI> uris) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long fetchedBefore = fetched();
        LoadTest.Settings settings = new LoadTest.Settings(streams, Duration.ofNanos((long) (seconds * 1e9)),
                Duration.ofNanos((long) (ramp * 1e9)), uris);
        boolean terminal = System.console() != null;
        LoadTest.Report report = AudioServices.with(context, audio -> LoadTest.run(ResourceFeed.opener(audio), settings, line -> {
            System.err.print(terminal ? "\r" + line + "\033[K" : line + "\n");
            System.err.flush();
        }));
        if (terminal) {
            System.err.print("\r\033[K");
        }
        print(out, report, uris, fetched() - fetchedBefore);
        return report.failures().isEmpty() && report.played() == report.streams() ? 0 : 1;
    }

    private void print(PrintWriter out, LoadTest.Report r, List<URI> uris, long fetched) {
        Footprint before = r.before();
        Footprint loaded = r.loaded();
        row(out, "streams", "%d (%d played to the end, %d failed) over %d URL(s), %.0f s each, opened over %.0f s",
                r.streams(), r.played(), r.streams() - r.played(), uris.size(), seconds, ramp);
        row(out, "reads", "%d, %d underruns, lateness p99 %d ms, worst %d ms; %d restarts at the end of the media",
                r.reads(), r.underruns(), r.lateP99Ms(), r.lateWorstMs(), r.loops());
        row(out, "cpu", "%.1f %% of %d cores", r.cpuPercent(), Runtime.getRuntime().availableProcessors());
        row(out, "heap after GC", "%.1f KiB per stream (%s with the streams open, %s before)", r.heapKibPerStream(),
                CacheCommand.human(loaded.heapBytes()), CacheCommand.human(before.heapBytes()));
        row(out, "threads", "%.2f per stream (%d with the streams open, %d before)", r.threadsPerStream(),
                loaded.threads(), before.threads());
        row(out, "resident memory", "%s with the streams open, %s before (heap, native and mapped)",
                loaded.residentBytes().map(CacheCommand::human).orElse("?"),
                before.residentBytes().map(CacheCommand::human).orElse("?"));
        row(out, "native memory", "%s with the streams open, %s before (resident outside the committed Java heap)",
                loaded.nativeBytes().map(CacheCommand::human).orElse("?"),
                before.nativeBytes().map(CacheCommand::human).orElse("?"));
        row(out, "network", "%s fetched by the downloader (a stream the cache or a shared download served fetches"
                + " nothing)", fetched < 0 ? "?" : CacheCommand.human(fetched));
        int shown = 0;
        for (LoadTest.Failure f : r.failures()) {
            if (shown++ == 5) {
                row(out, "", "... %d more failures", r.failures().size() - 5);
                break;
            }
            row(out, "failed", "%s: %s", f.uri() == null ? "-" : f.uri(), f.reason());
        }
        out.println(r.summary());
        out.flush();
    }

    private static void row(PrintWriter out, String name, String format, Object... args) {
        out.printf(Locale.ROOT, "%-16s %s%n", name, String.format(Locale.ROOT, format, args));
    }

    /** Bytes the downloader has received so far, or -1 without one. */
    private long fetched() {
        ServiceReference<Downloader> ref = context.getServiceReference(Downloader.class);
        if (ref == null) {
            return -1;
        }
        Downloader downloader = context.getService(ref);
        try {
            return downloader == null ? -1 : downloader.stats().received();
        } finally {
            context.ungetService(ref);
        }
    }
}
