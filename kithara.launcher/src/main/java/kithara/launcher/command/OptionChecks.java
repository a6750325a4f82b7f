package kithara.launcher.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values, made before any input is opened: a bad value is a usage error (exit 2) whose one line
 * names the option, the accepted range and the value given.
 */
final class OptionChecks {

    private final CommandSpec spec;

    OptionChecks(CommandSpec spec) {
        this.spec = spec;
    }

    /** A number of seconds: finite and at least 0 (or above 0 where {@code positive}). */
    void seconds(String option, Double value, boolean positive) {
        if (value != null && (!Double.isFinite(value) || value < 0 || (positive && value == 0))) {
            throw fail(option, positive ? "a number of seconds above 0" : "a number of seconds, 0 or more", value);
        }
    }

    /** An integer in {@code [min, max]}. */
    void range(String option, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw fail(option, String.format(Locale.ROOT, "an integer in [%d, %d]", min, max), value);
        }
    }

    /** An integer of at least {@code min}. */
    void atLeast(String option, Integer value, int min) {
        if (value != null && value < min) {
            throw fail(option, "an integer of " + min + " or more", value);
        }
    }

    /** An output file whose folder exists ({@code -} is standard output). */
    void outputFile(String option, Path file) {
        if (file == null || file.toString().equals("-")) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new ParameterException(spec.commandLine(), option + ": the folder " + folder + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new ParameterException(spec.commandLine(), option + ": " + file + " is a folder, not a file");
        }
    }

    /** A usage error for a value outside what an option accepts. */
    ParameterException fail(String option, String accepted, Object value) {
        return new ParameterException(spec.commandLine(), option + " must be " + accepted + ", not " + value);
    }
}
