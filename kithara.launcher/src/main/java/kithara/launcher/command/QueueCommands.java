package kithara.launcher.command;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import kithara.api.audio.AudioService;
import kithara.api.audio.AudioSink;
import kithara.api.audio.JavaSound;
import kithara.api.audio.PlayQueue;
import kithara.api.audio.Player;
import kithara.api.audio.ResourceRequest;

/**
 * The {@code kithara:queue} command of Gogo shells: one play queue for the whole container, edited from any session
 * and played by a thread of its own, at 44.1 kHz stereo.
 * <pre>
 * kithara:queue add &lt;uri or path&gt;…   appends items
 * kithara:queue list                  the items, the playing one marked with &gt;
 * kithara:queue skip                  goes to the next item
 * kithara:queue clear                 removes every item (what plays stops)
 * kithara:queue play [out.wav]        plays to the default audio device, or writes into a WAV file
 * kithara:queue pause                 pauses, or resumes when paused
 * kithara:queue stop                  stops playing; the items stay (play starts again from the first)
 * </pre>
 * Playing is a {@link Player} of the queue, into the device's line or a {@link WavSink}.
 * A bad action or argument throws its one-line message, which the shell prints.
 */
// immediate: a delayed component would be dropped, queue and all, whenever the shell releases it between commands
@Component(service = QueueCommands.class, immediate = true,
        property = {"osgi.command.scope=kithara", "osgi.command.function=queue"})
public final class QueueCommands {

    static final String USAGE = "kithara:queue add <uri or path>... | list | skip | clear | play [out.wav] | pause | stop";


    private final AudioService audio;
    private PlayQueue queue;
    /** The player of {@link #queue}, once it was played; it owns the queue from then on. */
    private Player player;
    private String target;

    /** Creates the command over the container's audio service; the queue opens on first use. */
    @Activate
    public QueueCommands(@Reference AudioService audio) {
        this.audio = audio;
    }

    /** Runs one action (see the class comment) and returns what the shell prints. */
    public synchronized String queue(String... args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        return switch (args[0].toLowerCase(Locale.ROOT)) {
            case "add" -> add(rest);
            case "list" -> list();
            case "skip" -> skip();
            case "clear" -> clear();
            case "play" -> play(rest);
            case "pause" -> pause();
            case "stop" -> stop();
            default -> throw new IllegalArgumentException("unknown action '" + args[0] + "'; usage: " + USAGE);
        };
    }

    private String add(List<String> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("add needs at least one URI or path");
        }
        List<URI> uris = new ArrayList<>();
        for (String input : inputs) {
            uris.add(Inputs.parse(input)); // all checked before any is added
        }
        PlayQueue q = queue();
        uris.forEach(uri -> q.add(ResourceRequest.of(uri)));
        return "added " + uris.size() + (uris.size() == 1 ? " item" : " items") + ", " + q.items().size() + " in the queue";
    }

    private String list() {
        PlayQueue q = queue();
        List<ResourceRequest> items = q.items();
        StringBuilder out = new StringBuilder();
        out.append(items.size()).append(items.size() == 1 ? " item, " : " items, ").append(state());
        for (int i = 0; i < items.size(); i++) {
            out.append(System.lineSeparator()).append(i == q.currentIndex() ? "> " : "  ").append(i + 1).append(' ')
                    .append(items.get(i).uri());
        }
        return out.toString();
    }

    private String skip() throws IOException {
        if (playing()) {
            player.next();
        } else {
            queue().next();
        }
        return "skipped to the next item";
    }

    private String clear() throws IOException {
        stopPlayer();
        queue().clear();
        return "the queue is empty";
    }

    private String play(List<String> args) throws IOException {
        if (args.size() > 1) {
            throw new IllegalArgumentException("play takes at most one output file; usage: " + USAGE);
        }
        Path file = args.isEmpty() ? null : Paths.get(args.get(0)).toAbsolutePath();
        if (file != null && !Files.isDirectory(file.getParent())) {
            throw new IllegalArgumentException("no folder " + file.getParent() + " for " + file.getFileName());
        }
        stopPlayer(); // first: it may hold the device's line or be writing that file
        AudioSink sink = file == null ? JavaSound.defaultLine(Speaker.SPEC) : WavSink.create(file, Speaker.SPEC);
        target = file == null ? "the audio device" : file.toString();
        player = audio.newPlayer(queue(), sink);
        player.play();
        return "playing to " + target;
    }

    private String pause() {
        if (!playing()) {
            throw new IllegalStateException("the queue is not playing");
        }
        if (player.state() == Player.State.PAUSED) {
            player.play();
            return "resumed";
        }
        player.pause();
        return "paused";
    }

    private String stop() throws IOException {
        stopPlayer();
        return "stopped";
    }

    private String state() {
        if (playing()) {
            return (player.state() == Player.State.PAUSED ? "paused, to " : "playing to ") + target;
        }
        return player == null ? "not playing" : player.failure().map(why -> "not playing (the last playback failed: "
                + why.getMessage() + ")").orElse("not playing");
    }

    private boolean playing() {
        return player != null && player.state() != Player.State.ENDED;
    }

    /**
     * Closes the player, which closes its queue; a new queue takes the same items (the next play starts from the
     * first).
     */
    private void stopPlayer() throws IOException {
        if (player != null) {
            List<ResourceRequest> items = queue.items();
            player.close();
            player = null;
            queue = null;
            items.forEach(queue()::add);
        }
    }

    private PlayQueue queue() {
        if (queue == null) {
            queue = audio.openQueue(Speaker.SPEC);
        }
        return queue;
    }

    /** Stops playing and closes the queue, with the items it holds open. */
    @Deactivate
    synchronized void close() throws IOException {
        if (player != null) {
            player.close(); // and its queue
            return;
        }
        if (queue != null) {
            queue.close();
        }
    }
}
