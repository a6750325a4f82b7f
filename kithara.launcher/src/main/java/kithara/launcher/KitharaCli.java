package kithara.launcher;

import java.io.IOException;
import java.io.PrintWriter;

import org.osgi.framework.BundleContext;

import kithara.launcher.command.CacheCommand;
import kithara.launcher.command.DecodeCommand;
import kithara.launcher.command.DemoCommand;
import kithara.launcher.command.InfoCommand;
import kithara.launcher.command.KitharaCommand;
import kithara.launcher.command.ListCommand;
import kithara.launcher.command.LoadtestCommand;
import kithara.launcher.command.PlayCommand;
import kithara.launcher.command.ServeCommand;
import kithara.launcher.command.StatsCommand;
import kithara.launcher.command.VersionCommand;
import picocli.CommandLine;

/**
 * Builds the {@code kithara} command line and runs one invocation of it. Exit codes: 0 success,
 * 1 the command failed, 2 a usage error (unknown command or option, bad value: one line on stderr that names it).
 */
public final class KitharaCli {

    private KitharaCli() {
    }

    /**
     * Parses {@code args}, runs the command they name and returns its exit code. Usage errors print a
     * one-line message and the usage to {@code err}.
     */
    public static int run(BundleContext context, String[] args, PrintWriter out, PrintWriter err) {
        KitharaCommand root = new KitharaCommand();
        CommandLine cli = new CommandLine(root);
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.addSubcommand(new VersionCommand(context));
        cli.addSubcommand(new CacheCommand(context));
        cli.addSubcommand(new DecodeCommand(context));
        cli.addSubcommand(new InfoCommand(context));
        cli.addSubcommand(new ListCommand(context));
        cli.addSubcommand(new StatsCommand(context));
        cli.addSubcommand(new PlayCommand(context));
        cli.addSubcommand(new ServeCommand());
        cli.addSubcommand(new DemoCommand(context));
        cli.addSubcommand(new LoadtestCommand(context));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            String name = command.getCommandSpec().qualifiedName(" ");
            command.getErr().println(name + ": " + e.getMessage() + " (see '"
                    + (command == cli ? "kithara --help" : "kithara help " + command.getCommandName()) + "')");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionStrategy(parsed -> {
            applySettings(context, root, cli);
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getColorScheme().errorText("kithara: " + e));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli.execute(args);
    }

    /** Applies {@code --set} before the command runs; a setting no component reads is a usage error. */
    private static void applySettings(BundleContext context, KitharaCommand root, CommandLine cli) {
        try {
            RunConfiguration.apply(context, root.settings);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        } catch (IOException e) {
            throw new CommandLine.ExecutionException(cli, "kithara: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandLine.ExecutionException(cli, "kithara: interrupted while applying --set", e);
        }
    }
}
