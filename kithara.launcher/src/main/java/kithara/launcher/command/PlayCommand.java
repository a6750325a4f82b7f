package kithara.launcher.command;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;

import kithara.api.audio.AudioSink;
import kithara.api.audio.JavaSound;
import kithara.api.audio.PlayQueue;
import kithara.api.audio.Player;
import kithara.api.audio.QueueListener;
import kithara.api.audio.ResourceRequest;
import kithara.api.event.KitharaEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kithara play}: plays URIs or paths on the default audio device through a {@link Player} of a play queue (one
 * input is a queue of one), with keys on a terminal (space pauses, the arrows seek 10 s, n and p skip to the next and
 * previous item, q stops) and the progress line. Without an audio device it says so in one line and names
 * {@code decode} as the alternative.
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
        AudioSink line;
        try {
            line = JavaSound.defaultLine(Speaker.SPEC);
        } catch (IOException e) {
            return noDevice(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
        return AudioServices.with(context, audio -> {
            try (Player player = audio.newPlayer(audio.openQueue(Speaker.SPEC), line);
                 PlaybackKeys keys = PlaybackKeys.forThisProcess(System.err);
                 ProgressBar bar = ProgressBar.forThisProcess()) {
                List<Integer> failures = new CopyOnWriteArrayList<>();
                player.queue().addListener(new Announcer(requests.size(), bar, failures));
                requests.forEach(player.queue()::add);
                if (start != null) {
                    startAt(player.queue(), Duration.ofNanos((long) (start * 1e9)), failures);
                }
                player.play();
                follow(player, keys, bar);
                return failures.isEmpty() ? 0 : failures.get(0);
            }
        });
    }

    /** Says in one line that there is no device, and what to do instead; exit code 1. */
    private int noDevice(String why) {
        spec.commandLine().getErr().println("kithara play: no audio device (" + why
                + "); write a WAV file instead: kithara decode " + String.join(" ", inputs) + " -o out.wav");
        return 1;
    }

    /** Opens the first item that plays at {@code position} (an input that fails to open is reported by its item). */
    private void startAt(PlayQueue queue, Duration position, List<Integer> failures) {
        try {
            queue.seek(position);
        } catch (IOException e) {
            if (failures.isEmpty()) {
                spec.commandLine().getErr().println("kithara play: --start: " + e.getMessage());
                failures.add(Inputs.exitCodeFor(e));
            }
        }
    }

    /**
     * Names each item as it starts (when there are several), and one that fails, and feeds the progress line with
     * what the playing item's resource publishes (its download share, its variant).
     */
    private final class Announcer implements QueueListener {
        private final int items;
        private final ProgressBar bar;
        private final List<Integer> failures;

        Announcer(int items, ProgressBar bar, List<Integer> failures) {
            this.items = items;
            this.bar = bar;
            this.failures = failures;
        }

        @Override
        public void itemStarted(int index, ResourceRequest item) {
            bar.nextItem();
            if (items > 1) {
                bar.say(String.format(Locale.ROOT, "playing %d/%d: %s", index + 1, items, item.uri()));
            }
        }

        @Override
        public void itemEvent(int index, ResourceRequest item, KitharaEvent event) {
            bar.take(event);
        }

        @Override
        public void itemFailed(int index, ResourceRequest item, IOException error) {
            bar.say(Inputs.failureLine("play", item.uri(), error));
            failures.add(Inputs.exitCodeFor(error));
        }
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
            show(player, bar, false);
        }
        show(player, bar, true);
    }

    /** Updates the progress line while an item plays (between items and after the last there is nothing to show). */
    private static void show(Player player, ProgressBar bar, boolean last) {
        if (player.queue().currentIndex() >= 0) {
            bar.update(player.position(), player.queue().duration(), last);
        }
    }
}
