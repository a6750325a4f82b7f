package kithara.launcher.command;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;

import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kithara play}: plays a URI or path on the default audio device, with keys on a terminal (space pauses,
 * the arrows seek 10 s, q stops) and the progress line. Without an audio device it says so in one line and names
 * {@code decode} as the alternative.
 */
@Command(name = "play", mixinStandardHelpOptions = true, description = {"Play a URI or a path on the default audio device.",
        "On a terminal: space pauses and resumes, <- and -> seek 10 s, q stops."})
public final class PlayCommand implements Callable<Integer> {

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<uri>", description = "http(s) or file URI, or a local path.")
    String input;

    @Mixin
    HeaderOptions headers;

    @Option(names = "--start", description = "Start at this many seconds, 0 or more.")
    Double start;

    /** Creates the command for the launcher bundle's context. */
    public PlayCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        new OptionChecks(spec).seconds("--start", start, false);
        URI uri = Inputs.toUri(spec, input);
        ResourceRequest request = ResourceRequest.of(uri).withHeaders(headers.asMap())
                .withSampleRate(Speaker.RATE).withChannels(Speaker.CHANNELS);
        StringBuilder why = new StringBuilder();
        Optional<Speaker> speaker = Speaker.open(why);
        if (speaker.isEmpty()) {
            spec.commandLine().getErr().println("kithara play: no audio device (" + why
                    + "); write a WAV file instead: kithara decode " + input + " -o out.wav");
            return 1;
        }
        try (Speaker out = speaker.get()) {
            return AudioServices.with(context, audio -> {
                try (Resource r = audio.open(request)) {
                    if (start != null) {
                        r.seek(Duration.ofNanos((long) (start * 1e9)));
                    }
                    try (PlaybackKeys keys = PlaybackKeys.forThisProcess(System.err);
                         ProgressBar bar = ProgressBar.forThisProcess()) {
                        bar.follow(r);
                        out.play(r, keys, bar);
                    }
                    return 0;
                }
            });
        } catch (IOException e) {
            spec.commandLine().getErr().println(Inputs.failureLine("play", uri, e));
            return Inputs.exitCodeFor(e);
        }
    }
}
