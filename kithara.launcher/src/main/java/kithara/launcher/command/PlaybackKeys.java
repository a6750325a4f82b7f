package kithara.launcher.command;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Keys for {@code kithara play} on a terminal: space pauses and resumes, the arrow keys (or b and f) seek 10 s back
 * and forward, n and p go to the next and the previous item, q stops. The terminal is put in non-canonical mode with {@code stty} for single key presses and
 * restored on {@link #close}; where that is impossible (no terminal, no stty) there are no keys and playback simply
 * runs to the end.
 */
final class PlaybackKeys implements AutoCloseable {

    /** How far an arrow key seeks. */
    static final Duration STEP = Duration.ofSeconds(10);

    private final String savedTerminal;
    private boolean paused;
    private long seekSteps;
    private int skips;
    private boolean quit;

    private PlaybackKeys(String savedTerminal) {
        this.savedTerminal = savedTerminal;
    }

    /** Starts listening to the keyboard when this process has a terminal; otherwise returns inert keys. */
    static PlaybackKeys forThisProcess(PrintStream err) {
        if (System.console() == null) {
            return inert();
        }
        String saved = stty("-g");
        if (saved == null || stty("-icanon", "min", "1", "-echo") == null) {
            return inert();
        }
        PlaybackKeys keys = new PlaybackKeys(saved.trim());
        Thread reader = new Thread(() -> keys.read(System.in), "kithara-keys");
        reader.setDaemon(true);
        reader.start();
        err.println("keys: space pause/resume, <- -> seek 10 s, n/p next/previous item, q quit");
        return keys;
    }

    /** Returns keys that listen to nothing until {@link #read} is given a stream. */
    static PlaybackKeys inert() {
        return new PlaybackKeys(null);
    }

    /** Applies the keys read from {@code in} until it ends. */
    void read(InputStream in) {
        try {
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == 27 && in.read() == '[') {
                    c = in.read() == 'C' ? 'f' : 'b';
                }
                press(c);
            }
        } catch (IOException e) {
            // the terminal went away: no more keys
        }
    }

    /** Applies one key as if it was typed (keys other than those of the class comment do nothing). */
    synchronized void press(int key) {
        switch (key) {
            case ' ' -> paused = !paused;
            case 'n' -> skips++;
            case 'p' -> skips--;
            case 'f' -> seekSteps++;
            case 'b' -> seekSteps--;
            case 'q' -> quit = true;
            default -> {
                return;
            }
        }
        notifyAll();
    }

    /** Blocks while paused (until a key resumes, seeks or quits); returns whether to stop. */
    synchronized boolean waitWhilePaused() throws InterruptedException {
        while (paused && !quit && seekSteps == 0 && skips == 0) {
            wait(TimeUnit.SECONDS.toMillis(1));
        }
        return quit;
    }

    synchronized boolean isPaused() {
        return paused;
    }

    /** Returns and clears the seek asked for since the last call: a multiple of {@link #STEP}, may be negative. */
    synchronized Duration takeSeek() {
        Duration seek = STEP.multipliedBy(seekSteps);
        seekSteps = 0;
        return seek;
    }

    /** Returns and clears the items to skip asked for since the last call: positive forward, negative back. */
    synchronized int takeSkips() {
        int taken = skips;
        skips = 0;
        return taken;
    }

    synchronized boolean quit() {
        return quit;
    }

    /** Restores the terminal. */
    @Override
    public void close() {
        if (savedTerminal != null) {
            stty(savedTerminal);
        }
    }

    /** Runs stty on the controlling terminal; returns its output, or null when it failed. */
    private static String stty(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
