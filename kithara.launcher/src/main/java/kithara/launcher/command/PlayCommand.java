package kithara.launcher.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;

import kithara.api.audio.AudioSink;
import kithara.api.audio.JavaSound;
import kithara.api.audio.Player;
import kithara.api.audio.QueueListener;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kithara play}: plays URIs or paths on the default audio device, several as a play queue, with keys on a
 * terminal (space pauses, the arrows seek 10 s, n and p skip to the next and previous item, q stops) and the progress
 * line. Without an audio device it says so in one line and names {@code decode} as the alternative.
 */
@Command(name = "play", mixinStandardHelpOptions = true, description = {
        "Play URIs or paths on the default audio device; several play back to back as a queue.",
        "On a terminal: space pauses and resumes, <- and -> seek 10 s, n and p go to the next and previous item, q stops."})
public final class PlayCommand implements Callable<Integer> {

    /** How often the keys and the progress line are looked at while the player plays. */
    private static final Duration KEY_POLL = Duration.ofMillis(100);

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "<uri>", description = "http(s) or file URI, or a local path; several play"
            + " as a queue.")
    List<String> inputs;

    @Mixin
    HeaderOptions headers;

    @Option(names = "--start", description = "Start at this many seconds, 0 or more (in the first input).")
    Double start;

    /** Creates the command for the launcher bundle's context. */
    public PlayCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        new OptionChecks(spec).seconds("--start", start, false);
        List<ResourceRequest> requests = inputs.stream().map(input -> ResourceRequest.of(Inputs.toUri(spec, input))
                .withHeaders(headers.asMap()).withSampleRate(Speaker.RATE).withChannels(Speaker.CHANNELS)).toList();
        return requests.size() == 1 ? playOne(requests.get(0)) : playInOrder(requests);
    }

    /** Says in one line that there is no device, and what to do instead; exit code 1. */
    private int noDevice(String why) {
        spec.commandLine().getErr().println("kithara play: no audio device (" + why
                + "); write a WAV file instead: kithara decode " + String.join(" ", inputs) + " -o out.wav");
        return 1;
    }

    private int playOne(ResourceRequest request) throws Exception {
        StringBuilder why = new StringBuilder();
        Optional<Speaker> speaker = Speaker.open(why);
        if (speaker.isEmpty()) {
            return noDevice(why.toString());
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
                } catch (IOException e) {
                    spec.commandLine().getErr().println(Inputs.failureLine("play", request.uri(), e));
                    return Inputs.exitCodeFor(e);
                }
            });
        }
    }

    /** Several inputs: a {@link Player} of a queue, each item named as it starts, one that fails named and skipped. */
    private int playInOrder(List<ResourceRequest> requests) throws Exception {
        AudioSink line;
        try {
            line = JavaSound.defaultLine(Speaker.SPEC);
        } catch (IOException e) {
            return noDevice(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        List<Integer> failures = new CopyOnWriteArrayList<>();
        return AudioServices.with(context, audio -> {
            try (Player player = audio.newPlayer(audio.openQueue(Speaker.SPEC), line);
                 PlaybackKeys keys = PlaybackKeys.forThisProcess(System.err);
                 ProgressBar bar = ProgressBar.forThisProcess()) {
                player.queue().addListener(new QueueListener() {
                    @Override
                    public void itemStarted(int index, ResourceRequest item) {
                        err.printf("playing %d/%d: %s%n", index + 1, requests.size(), item.uri());
                        err.flush();
                    }

                    @Override
                    public void itemFailed(int index, ResourceRequest item, IOException error) {
                        err.println(Inputs.failureLine("play", item.uri(), error));
                        failures.add(Inputs.exitCodeFor(error));
                    }
                });
                requests.forEach(player.queue()::add);
                player.play();
                follow(player, keys, bar);
            }
            return failures.isEmpty() ? 0 : failures.get(0);
        });
    }

    /** Applies the keys to the player until it ends or q quits, and keeps the progress line current. */
    private static void follow(Player player, PlaybackKeys keys, ProgressBar bar) throws InterruptedException {
        while (!player.awaitEnd(KEY_POLL) && !keys.quit()) {
            if (keys.isPaused() != (player.state() == Player.State.PAUSED)) {
                if (keys.isPaused()) {
                    player.pause();
                } else {
                    player.play();
                }
            }
            int skips = keys.takeSkips();
            if (skips > 0) {
                player.next();
            } else if (skips < 0) {
                player.previous();
            }
            Duration seek = keys.takeSeek();
            if (!seek.isZero()) {
                Duration target = player.position().plus(seek);
                player.seek(target.isNegative() ? Duration.ZERO : target);
            }
            bar.update(player.position(), Optional.empty(), false);
        }
        bar.update(player.position(), Optional.empty(), true);
    }
}
