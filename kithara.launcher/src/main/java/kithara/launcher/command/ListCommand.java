package kithara.launcher.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;

import kithara.api.audio.ResourceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kithara list}: the resources open in this framework, with position, duration, HLS variant, decoder and
 * decoded PCM waiting to be read. Useful in a shell of a running container; a one-shot command line has none.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the resources open in this framework: position, variant, decoder, buffer.")
public final class ListCommand implements Callable<Integer> {

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    /** Creates the command for the launcher bundle's context. */
    public ListCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        List<ResourceStatus> open = AudioServices.with(context, audio -> audio.openResources());
        PrintWriter out = spec.commandLine().getOut();
        if (open.isEmpty()) {
            out.println("no open resources");
        }
        for (ResourceStatus r : open) {
            out.printf(Locale.ROOT, "%s%n  position %s / %s, %d Hz x %d, decoder %s%s, buffered %s%n", r.uri(),
                    seconds(r.position()), r.duration().map(ListCommand::seconds).orElse("?"), r.output().sampleRate(),
                    r.output().channels(), r.decoder(), r.variant().isPresent() ? ", variant " + r.variant().getAsInt() : "",
                    seconds(r.buffered()));
        }
        out.flush();
        return 0;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
