package kithara.launcher.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.osgi.framework.FrameworkUtil;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The top-level {@code kithara} command: without a subcommand it prints the usage and exits with 2. */
@Command(name = "kithara", mixinStandardHelpOptions = true, versionProvider = KitharaCommand.LauncherVersion.class,
        description = "Kithara audio streaming engine: fetch, cache, decode and resample audio.",
        footer = {"", "Run 'kithara help <command>' for a command's options."})
public final class KitharaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Configuration for this run, by {@code PID.key}; applied before the command runs (see {@code RunConfiguration}). */
    @Option(names = "--set", paramLabel = "PID.key=value", mapFallbackValue = "",
            description = {"Configuration for this run (repeatable), before the command,",
                    "e.g. --set kithara.stream.cache.root=/tmp/cache decode ..."})
    public Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("kithara: a command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Answers {@code kithara --version} with the launcher bundle's version. */
    static final class LauncherVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kithara " + FrameworkUtil.getBundle(KitharaCommand.class).getVersion()};
        }
    }
}
