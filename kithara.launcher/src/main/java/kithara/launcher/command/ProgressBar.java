package kithara.launcher.command;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import kithara.api.audio.Resource;
import kithara.api.event.KitharaEvent;

/**
 * A one-line progress display on stderr for long commands, redrawn at most four times a second: elapsed time,
 * position / duration, downloaded share and HLS variant. Only on a terminal; elsewhere it prints nothing.
 */
final class ProgressBar implements AutoCloseable {

    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastDraw;
    /** The share of the bytes downloaded, from a progressive download's events. */
    private volatile String downloaded = "";
    /** How far a segmented stream's media is downloaded, from its events; null when none said. */
    private volatile Duration bufferedThrough;
    private volatile boolean complete;
    private volatile String variant = "";
    /** Whether the cursor stands at the end of a progress line. */
    private boolean drawn;

    private ProgressBar(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Returns a bar for this process: live on a terminal, silent otherwise. */
    static ProgressBar forThisProcess() {
        return new ProgressBar(System.err, System.console() != null);
    }

    /** Returns a bar that never draws (playback in a container's background). */
    static ProgressBar none() {
        return new ProgressBar(System.err, false);
    }

    /** Follows a resource's events (download share, variant). */
    void follow(Resource r) {
        if (terminal) {
            r.addListener(this::take);
        }
    }

    /** Starts over for the next item of a queue: its download share and variant are not known yet. */
    void nextItem() {
        downloaded = "";
        bufferedThrough = null;
        complete = false;
        variant = "";
    }

    /** Takes what an event of the resource shown says about its download and its variant. */
    void take(KitharaEvent e) {
        if (e instanceof KitharaEvent.DownloadProgress p && p.total().isPresent() && p.total().getAsLong() > 0) {
            downloaded = String.format(Locale.ROOT, "  downloaded %d%%", p.bytes() * 100 / p.total().getAsLong());
        } else if (e instanceof KitharaEvent.MediaBuffered b) {
            bufferedThrough = b.through();
        } else if (e instanceof KitharaEvent.DownloadComplete) {
            complete = true;
        } else if (e instanceof KitharaEvent.VariantSwitched v) {
            variant = "  variant " + v.to();
        }
    }

    /** Redraws if a quarter second passed since the last time, or always when {@code last}. */
    synchronized void update(Duration position, Optional<Duration> duration, boolean last) {
        long now = System.nanoTime();
        if (!terminal || (!last && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.printf(Locale.ROOT, "\r%6.1f s elapsed  %7.1f s / %s%s%s   ", (now - started) / 1e9, position.toMillis() / 1000.0,
                duration.map(d -> String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)).orElse("?"),
                downloadShare(duration), variant);
        err.flush();
    }

    /** The download part of the line: complete, a segmented stream's share of its duration, or a download's bytes. */
    private String downloadShare(Optional<Duration> duration) {
        Duration through = bufferedThrough;
        if (complete) {
            return "  downloaded 100%";
        } else if (through == null) {
            return downloaded;
        } else if (duration.isPresent() && !duration.get().isZero()) {
            return String.format(Locale.ROOT, "  downloaded %d%%", Math.min(100, through.toMillis() * 100 / duration.get().toMillis()));
        }
        return String.format(Locale.ROOT, "  downloaded to %.1f s", through.toMillis() / 1000.0); // live
    }

    /** Prints a line of its own, on a terminal below the progress line drawn so far (the next update draws it anew). */
    synchronized void say(String line) {
        if (drawn) {
            err.println();
            drawn = false;
        }
        err.println(line);
        err.flush();
    }

    /** Ends the line it drew on. */
    @Override
    public synchronized void close() {
        if (drawn) {
            err.println();
        }
    }
}
