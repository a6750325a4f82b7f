package kithara.launcher.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --header "Name: value"} option (repeatable) of the commands that open a URI: request headers such as
 * credentials, sent to that URI's own origin only (never to other origins its playlist or redirects name).
 */
final class HeaderOptions {

    private static final Pattern HEADER = Pattern.compile("^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\\s*(.*)$");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--header", paramLabel = "'Name: value'",
            description = "An HTTP request header for the URI's own origin (repeatable), e.g. 'Authorization: Bearer x'.")
    List<String> headers = new ArrayList<>();

    /** The headers given, by name; a malformed one is a usage error naming it. */
    Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String h : headers) {
            Matcher m = HEADER.matcher(h);
            if (!m.matches() || m.group(2).chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw new ParameterException(spec.commandLine(), "--header must be 'Name: value', not " + h);
            }
            map.put(m.group(1), m.group(2).strip());
        }
        return map;
    }
}
