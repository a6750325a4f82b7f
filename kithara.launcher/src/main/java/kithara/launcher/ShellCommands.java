package kithara.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code kithara:} commands of Gogo shells (Felix, Equinox and Karaf consoles): {@code decode}, {@code info},
 * {@code list}, {@code stats} and {@code cache}, taking the same arguments and printing the same output as the
 * command line, because they run the same commands. A command that fails throws its one-line error, so the shell
 * shows it once and scripts see the failure.
 */
@Component(service = Object.class, property = {"osgi.command.scope=kithara", "osgi.command.function=decode",
        "osgi.command.function=info", "osgi.command.function=list", "osgi.command.function=stats",
        "osgi.command.function=cache"})
public final class ShellCommands {

    private final BundleContext context;

    /** Creates the commands for the launcher bundle's context. */
    @Activate
    public ShellCommands(BundleContext context) {
        this.context = context;
    }

    /** {@code kithara:decode <uri> -o out.wav [options]}: see {@code kithara decode --help}. */
    public void decode(String... args) {
        run("decode", args);
    }

    /** {@code kithara:info <uri> [--json]}. */
    public void info(String... args) {
        run("info", args);
    }

    /** {@code kithara:list}: the open resources. */
    public void list(String... args) {
        run("list", args);
    }

    /** {@code kithara:stats}: downloads, cache, decoders, resources. */
    public void stats(String... args) {
        run("stats", args);
    }

    /** {@code kithara:cache ls|size|clear|evict}. */
    public void cache(String... args) {
        run("cache", args);
    }

    /**
     * Runs one command with the session's output (Gogo gives each session its own {@code System.out}). A failure is
     * thrown with what the command said on its error stream as the message, so the shell shows that one line once.
     */
    private void run(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        PrintWriter out = new PrintWriter(System.out, true);
        StringWriter errors = new StringWriter();
        int exit = KitharaCli.run(context, all, out, new PrintWriter(errors, true), () -> { });
        out.flush();
        String said = errors.toString().strip();
        if (exit != 0) {
            throw new IllegalStateException(said.isEmpty() ? "kithara " + command + " ended with exit code " + exit : said);
        }
        if (!said.isEmpty()) {
            System.err.println(said);
        }
    }
}
