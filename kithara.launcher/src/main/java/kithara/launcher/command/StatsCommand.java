package kithara.launcher.command;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import kithara.api.decode.DecoderProvider;
import kithara.api.net.Downloader;
import kithara.stream.cache.AssetStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kithara stats}: the downloader's work, the asset cache, the decoders and the open resources. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Show downloads, the asset cache, the decoder providers and the open resources.")
public final class StatsCommand implements Callable<Integer> {

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    /** Creates the command for the launcher bundle's context. */
    public StatsCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        withService(Downloader.class, d -> {
            Downloader.Stats s = d.stats();
            out.printf(Locale.ROOT, "downloads   %d peers, %d running, %d queued, %s received%n", s.peers(), s.running(),
                    s.queued(), CacheCommand.human(s.received()));
        }, out, "downloads   no Downloader service");
        withService(AssetStore.class, c -> out.printf(Locale.ROOT, "cache       %s: %d assets, %s%s%n", c.location(),
                c.assets().size(), CacheCommand.human(c.totalBytes()), c.degraded().map(why -> " (" + why + ")").orElse("")),
                out, "cache       no AssetStore service");
        var decoders = context.getServiceReferences(DecoderProvider.class, null);
        out.printf("decoders    %s%n", decoders.isEmpty() ? "none" : "");
        for (ServiceReference<DecoderProvider> ref : decoders) {
            Object codecs = ref.getProperty(DecoderProvider.CODECS);
            out.printf(Locale.ROOT, "  %-10s ranking %s%s, codecs %s%n", ref.getProperty(DecoderProvider.NAME),
                    ref.getProperty(Constants.SERVICE_RANKING) == null ? 0 : ref.getProperty(Constants.SERVICE_RANKING),
                    Boolean.TRUE.equals(ref.getProperty(DecoderProvider.HARDWARE)) ? ", hardware" : "",
                    codecs instanceof String[] a ? String.join(" ", Arrays.asList(a)) : String.valueOf(codecs));
        }
        int open = AudioServices.with(context, audio -> audio.openResources().size());
        out.printf("resources   %d open%n", open);
        out.flush();
        return 0;
    }

    private interface Use<S> {
        void accept(S service) throws Exception;
    }

    private <S> void withService(Class<S> type, Use<S> use, PrintWriter out, String absent) throws Exception {
        ServiceReference<S> ref = context.getServiceReference(type);
        S service = ref == null ? null : context.getService(ref);
        if (service == null) {
            out.println(absent);
            return;
        }
        try {
            use.accept(service);
        } finally {
            context.ungetService(ref);
        }
    }
}
