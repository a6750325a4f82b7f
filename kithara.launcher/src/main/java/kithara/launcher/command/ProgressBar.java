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
    private volatile String downloaded = "";
    private volatile String variant = "";
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
        if (!terminal) {
            return;
        }
        r.addListener(e -> {
            if (e instanceof KitharaEvent.DownloadProgress p && p.total().isPresent() && p.total().getAsLong() > 0) {
                downloaded = String.format(Locale.ROOT, "  downloaded %d%%", p.bytes() * 100 / p.total().getAsLong());
            } else if (e instanceof KitharaEvent.MediaBuffered b) {
                // a segmented stream: the share of its duration downloaded, or how far a live one is downloaded
                downloaded = r.duration().filter(d -> !d.isZero())
                        .map(d -> String.format(Locale.ROOT, "  downloaded %d%%", Math.min(100, b.through().toMillis() * 100 / d.toMillis())))
                        .orElse(String.format(Locale.ROOT, "  downloaded to %.1f s", b.through().toMillis() / 1000.0));
            } else if (e instanceof KitharaEvent.DownloadComplete) {
                downloaded = "  downloaded 100%";
            } else if (e instanceof KitharaEvent.VariantSwitched v) {
                variant = "  variant " + v.to();
            }
        });
    }

    /** Redraws if a quarter second passed since the last time, or always when {@code last}. */
    void update(Duration position, Optional<Duration> duration, boolean last) {
        long now = System.nanoTime();
        if (!terminal || (!last && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.printf(Locale.ROOT, "\r%6.1f s elapsed  %7.1f s / %s%s%s   ", (now - started) / 1e9, position.toMillis() / 1000.0,
                duration.map(d -> String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)).orElse("?"), downloaded, variant);
        err.flush();
    }

    /** Ends the line it drew on. */
    @Override
    public void close() {
        if (drawn) {
            err.println();
        }
    }
}
