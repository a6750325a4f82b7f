package kithara.launcher.command;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.regex.Pattern;

import kithara.api.decode.DecoderException;
import kithara.api.net.FetchException;
import kithara.api.source.SourceException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * What the commands share about their input argument: which URIs they take, and how a failure to read one becomes
 * one line on stderr and a documented exit code (0 ok, 2 usage, 3 input unavailable, 4 unsupported media,
 * 5 decode error).
 */
final class Inputs {

    /** Exit code: the input could not be had. */
    static final int INPUT_UNAVAILABLE = 3;
    /** Exit code: the media is not supported. */
    static final int UNSUPPORTED = 4;
    /** Exit code: decoding failed. */
    static final int DECODE_ERROR = 5;

    /** A URI scheme of two or more characters (one letter followed by a colon is a Windows drive, a path). */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):.*");

    private Inputs() {
    }

    /**
     * Turns a command-line argument into a URI: http, https and file URIs as they are, anything without a scheme as
     * a local path.
     *
     * @throws ParameterException (exit 2) for any other scheme or an argument that is neither a URI nor a path
     */
    static URI toUri(CommandSpec spec, String arg) {
        try {
            return parse(arg);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * {@link #toUri} for callers outside picocli (the shell's commands).
     *
     * @throws IllegalArgumentException naming the argument, for any other scheme or neither a URI nor a path
     */
    static URI parse(String arg) {
        var scheme = SCHEME.matcher(arg);
        if (scheme.matches()) {
            String name = scheme.group(1).toLowerCase(Locale.ROOT);
            if (!name.equals("http") && !name.equals("https") && !name.equals("file")) {
                throw new IllegalArgumentException("unsupported URI scheme '" + scheme.group(1)
                        + ":' in " + arg + " (kithara reads http:, https:, file: and local paths)");
            }
            URI uri;
            try {
                uri = URI.create(arg);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a valid URI: " + arg + " (" + e.getMessage() + ")", e);
            }
            if (uri.getPath() == null || (!name.equals("file") && uri.getHost() == null)) {
                throw new IllegalArgumentException("not a valid URI: " + arg + " (no host or path)");
            }
            return uri;
        }
        try {
            return Paths.get(arg).toAbsolutePath().normalize().toUri();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a URI or a path: " + arg, e);
        }
    }

    /** The one line a command prints for a failure: the URI once, then what went wrong. */
    static String failureLine(String command, URI uri, Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        String where = uri.toString();
        return "kithara " + command + ": " + (message.contains(where) ? message : where + ": " + message);
    }

    /** Maps a failure to the documented exit code. */
    static int exitCodeFor(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DecoderException d) {
                return switch (d.reason()) {
                    case UNSUPPORTED_CODEC, UNSUPPORTED_CONTAINER -> UNSUPPORTED;
                    case INPUT -> INPUT_UNAVAILABLE;
                    default -> DECODE_ERROR;
                };
            }
            if (t instanceof SourceException || t instanceof FetchException) {
                return INPUT_UNAVAILABLE;
            }
        }
        return 1;
    }
}
