package kithara.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

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
     * one-line message and the usage to {@code err}. {@code beforeCommand} runs after the parse, before the command.
     */
    public static int run(BundleContext context, String[] args, PrintWriter out, PrintWriter err,
                          Runnable beforeCommand) {
        KitharaCommand root = new KitharaCommand();
        CommandLine cli = new CommandLine(root);
        Map<String, Supplier<Object>> commands = commands(context);
        Supplier<Object> named = commandName(args).map(commands::get).orElse(null);
        if (named != null) {
            cli.addSubcommand(named.get());
        } else {
            cli.addSubcommand(new CommandLine.HelpCommand());
            commands.values().forEach(command -> cli.addSubcommand(command.get()));
        }
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
            beforeCommand.run();
            applySettings(context, root, cli);
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getColorScheme().errorText("kithara: " + e));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli.execute(args);
    }

    /**
     * The commands by name, each built only when asked for: picocli reads a command's options by reflection, and
     * building all eleven on every run cost a tenth of a second of start-up that a run of one command does not need.
     */
    static Map<String, Supplier<Object>> commands(BundleContext context) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("version", () -> new VersionCommand(context));
        commands.put("cache", () -> new CacheCommand(context));
        commands.put("decode", () -> new DecodeCommand(context));
        commands.put("info", () -> new InfoCommand(context));
        commands.put("list", () -> new ListCommand(context));
        commands.put("stats", () -> new StatsCommand(context));
        commands.put("play", () -> new PlayCommand(context));
        commands.put("serve", ServeCommand::new);
        commands.put("demo", () -> new DemoCommand(context));
        commands.put("loadtest", () -> new LoadtestCommand(context));
        return commands;
    }

    /**
     * The command the arguments name: the first that is neither an option of the root command nor the value of
     * {@code --set}. Without one (or with {@code help}) every command is built, for the usage and its errors.
     */
    static Optional<String> commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--set")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return Optional.of(args[i]);
            }
        }
        return Optional.empty();
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
