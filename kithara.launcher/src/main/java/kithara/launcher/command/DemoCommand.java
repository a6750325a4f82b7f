package kithara.launcher.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.event.KitharaEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kithara demo}: serves the built-in demo (an HLS ladder of two AAC variants and a FLAC one, and a
 * progressive MP3, shipped in this bundle) on loopback, then plays each, or decodes each to a WAV file where there is no audio device,
 * saying what happens.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Serve a built-in HLS ladder and MP3 on loopback and play them.",
                "Without an audio device, each is decoded to a WAV file in --out."})
public final class DemoCommand implements Callable<Integer> {

    /** One thing the demo plays: a label, its path on the demo server, the WAV name when decoding. */
    private record Item(String label, String path, String wav) {
    }

    private static final List<Item> ITEMS = List.of(new Item("progressive MP3", DemoContent.MP3, "progressive.wav"),
            new Item("HLS ladder", DemoContent.HLS, "hls.wav"));

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", description = "Where WAV files go when there is no audio device (default: a new temporary folder).")
    Path out;

    /** Creates the command for the launcher bundle's context. */
    public DemoCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter say = spec.commandLine().getOut();
        Path content = DemoContent.extract(context);
        StringBuilder why = new StringBuilder();
        Optional<Speaker> speaker = Speaker.open(why);
        Path wavs = out != null ? Files.createDirectories(out) : speaker.isPresent() ? null : Files.createTempDirectory("kithara-demo-");
        try (StaticServer server = StaticServer.start(content, "127.0.0.1", 0)) {
            say.printf("Kithara demo: serving a built-in HLS ladder and a progressive MP3 at %s%n", server.base());
            if (speaker.isEmpty()) {
                say.printf("No audio device (%s): decoding to WAV files in %s%n", why, wavs);
            }
            return AudioServices.with(context, audio -> playAll(audio, server, speaker, wavs, say));
        } finally {
            speaker.ifPresent(Speaker::close);
        }
    }

    private int playAll(AudioService audio, StaticServer server, Optional<Speaker> speaker, Path wavs, PrintWriter say) {
        for (Item item : ITEMS) {
            URI uri = server.base().resolve(item.path());
            say.printf("%n%s: %s%n", item.label(), uri);
            say.flush();
            try (Resource r = audio.open(ResourceRequest.of(uri).withSampleRate(Speaker.RATE).withChannels(Speaker.CHANNELS))) {
                r.addListener(e -> describe(e, say));
                long frames;
                if (speaker.isPresent()) {
                    try (PlaybackKeys keys = PlaybackKeys.forThisProcess(System.err);
                         ProgressBar bar = ProgressBar.forThisProcess()) {
                        bar.follow(r);
                        frames = speaker.get().play(r, keys, bar);
                    }
                    say.printf("  played %.1f s%n", frames / (double) Speaker.RATE);
                } else {
                    Path wav = wavs.resolve(item.wav());
                    frames = decodeTo(r, wav);
                    say.printf("  decoded %.1f s to %s%n", frames / (double) Speaker.RATE, wav);
                }
            } catch (IOException e) {
                spec.commandLine().getErr().println("kithara demo: " + uri + ": " + e.getMessage());
                return Inputs.exitCodeFor(e);
            }
            say.flush();
        }
        return 0;
    }

    private static void describe(KitharaEvent e, PrintWriter say) {
        if (e instanceof KitharaEvent.VariantSwitched v) {
            say.printf("  variant %d in use (%d kbps): %s%n", v.to(), v.bandwidth() / 1000, v.reason());
        } else if (e instanceof KitharaEvent.FormatDetected f) {
            say.printf("  decoding %s in %s, %d Hz x %d%n", f.media().codec().map(c -> c.name().toLowerCase(Locale.ROOT)).orElse("?"),
                    f.media().container().map(c -> c.name().toLowerCase(Locale.ROOT)).orElse("?"), f.decoded().sampleRate(),
                    f.decoded().channels());
        } else if (e instanceof KitharaEvent.FormatChanged f) {
            say.printf("  now decoding %s (a new decoder, on the same clock)%n",
                    f.media().codec().map(c -> c.name().toLowerCase(Locale.ROOT)).orElse("?"));
        } else if (e instanceof KitharaEvent.DownloadComplete d) {
            say.printf("  downloaded %s%n", CacheCommand.human(d.bytes()));
        } else if (e instanceof KitharaEvent.DecoderChanged c) {
            say.printf("  decoder now %s (%s)%n", c.to(), c.reason());
        }
        say.flush();
    }

    private static long decodeTo(Resource r, Path wav) throws IOException {
        float[] buf = new float[8192 * Speaker.CHANNELS];
        try (WavWriter w = WavWriter.toFile(wav, WavWriter.Format.F32, Speaker.RATE, Speaker.CHANNELS, true)) {
            for (int n = r.read(buf); n >= 0; n = r.read(buf)) {
                w.write(buf, n);
            }
            return w.frames();
        }
    }
}
