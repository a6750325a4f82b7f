package kithara.launcher.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;

import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.event.KitharaEvent;
import kithara.api.media.MediaInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kithara info}: what a URI or path holds, as the decoder found it; as JSON with {@code --json}. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the container, codec, sample rate, channels, duration and bitrate of a URI or path.")
public final class InfoCommand implements Callable<Integer> {

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<uri>", description = "http(s) or file URI, or a local path.")
    String input;

    @Mixin
    HeaderOptions headers;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    /** Creates the command for the launcher bundle's context. */
    public InfoCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        URI uri = Inputs.toUri(spec, input);
        ResourceRequest request = ResourceRequest.of(uri).withHeaders(headers.asMap());
        AtomicReference<KitharaEvent.VariantSwitched> variant = new AtomicReference<>();
        AtomicReference<KitharaEvent.VariantsDiscovered> variants = new AtomicReference<>();
        try {
            return AudioServices.with(context, audio -> {
                try (Resource r = audio.open(request)) {
                    r.addListener(e -> {
                        if (e instanceof KitharaEvent.VariantSwitched v) {
                            variant.set(v);
                        } else if (e instanceof KitharaEvent.VariantsDiscovered d) {
                            variants.set(d);
                        }
                    });
                    Map<String, Object> facts = facts(uri, r.mediaInfo(), r, variants.get() != null || variant.get() != null
                            || String.valueOf(uri.getPath()).toLowerCase(Locale.ROOT).endsWith(".m3u8"));
                    Optional.ofNullable(variants.get()).ifPresent(d -> facts.put("variants", d.variants().stream()
                            .map(v -> Map.of("index", v.index(), "bandwidth", v.bandwidth(), "codecs", v.codecs())).toList()));
                    print(facts);
                    return 0;
                }
            });
        } catch (IOException e) {
            spec.commandLine().getErr().println(Inputs.failureLine("info", uri, e));
            return Inputs.exitCodeFor(e);
        }
    }

    private static Map<String, Object> facts(URI uri, MediaInfo info, Resource r, boolean hls) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("uri", uri.toString());
        f.put("protocol", hls ? "hls" : uri.getScheme().equalsIgnoreCase("file") ? "file" : "http");
        f.put("container", info.container().map(c -> c.name().toLowerCase(Locale.ROOT)).orElse(null));
        f.put("codec", info.codec().map(c -> c.name().toLowerCase(Locale.ROOT)).orElse(null));
        f.put("sampleRate", r.spec().sampleRate());
        f.put("channels", r.spec().channels());
        f.put("durationSeconds", r.duration().map(d -> d.toNanos() / 1e9).orElse(null));
        f.put("bitrate", info.bitrate().isPresent() ? info.bitrate().getAsInt() : null);
        return f;
    }

    private void print(Map<String, Object> facts) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(facts));
            return;
        }
        facts.forEach((k, v) -> {
            if (v instanceof List<?> list) {
                out.printf("%s%n", k);
                list.forEach(item -> out.printf("  %s%n", item instanceof Map<?, ?> m ? describeVariant(m) : item));
            } else {
                out.printf("%-16s %s%n", k, v == null ? "unknown" : v);
            }
        });
    }

    private static String describeVariant(Map<?, ?> v) {
        return String.format(Locale.ROOT, "%s: %d kbit/s %s", v.get("index"), ((Number) v.get("bandwidth")).longValue() / 1000,
                v.get("codecs"));
    }

    /** Writes maps and lists of strings, numbers and nulls as JSON. */
    static String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (Object item : list) {
                b.append(b.length() > 1 ? "," : "").append(toJson(item));
            }
            return b.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.append(b.length() > 1 ? "," : "").append(toJson(String.valueOf(e.getKey()))).append(':').append(toJson(e.getValue()));
            }
            return b.append('}').toString();
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toString().toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
