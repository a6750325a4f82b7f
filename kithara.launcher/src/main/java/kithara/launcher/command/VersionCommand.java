package kithara.launcher.command;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

import kithara.api.decode.DecoderProvider;
import kithara.api.source.StreamType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kithara version}: what is running. Exits with 1 when a kithara bundle is not ACTIVE (a fragment, such as
 * FFmpeg's natives, not RESOLVED: attached to its host), so that it doubles as a health check.
 */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = {"Print what is running: bundles, FFmpeg, JavaCPP, Java, protocols and decoders.",
                "Lists every Kithara bundle with its version and state, the FFmpeg and JavaCPP versions, the Java",
                "version, and the active StreamType and DecoderProvider services with their ranking.",
                "Exits with 1 when a Kithara bundle is not ACTIVE (a fragment: not RESOLVED, attached to its host)."})
public final class VersionCommand implements Callable<Integer> {

    private static final String KITHARA_PREFIX = "kithara.";
    private static final long LIBRARY_WAIT_MILLIS = 30_000;

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    /** Creates the command for the launcher bundle's context. */
    public VersionCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InvalidSyntaxException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        awaitLibraries();
        Bundle framework = context.getBundle(0);
        out.printf("Kithara %s%n", context.getBundle().getVersion());
        out.printf("Java %s (%s, %s) on %s %s%n", Runtime.version(), System.getProperty("java.vm.vendor"),
                System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.arch"));
        out.printf("OSGi %s %s%n", framework.getSymbolicName(), framework.getVersion());
        out.printf("%s%n", ffmpegLibrary());

        out.printf("%nBundles:%n");
        List<Bundle> kithara = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(KITHARA_PREFIX))
                .sorted(Comparator.comparing(Bundle::getSymbolicName)).toList();
        boolean allActive = true;
        for (Bundle b : kithara) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            allActive &= b.getState() == (fragment ? Bundle.RESOLVED : Bundle.ACTIVE);
            out.printf("  %-43s %-16s %s%n", b.getSymbolicName(), b.getVersion(), stateName(b.getState()));
        }

        out.printf("%nStream types (%s):%n", StreamType.PROTOCOL);
        List<ServiceReference<StreamType>> types = byRanking(context.getServiceReferences(StreamType.class, null));
        if (types.isEmpty()) {
            out.printf("  none registered%n");
        }
        for (ServiceReference<StreamType> ref : types) {
            out.printf("  %-12s ranking %-5s from %s%n", ref.getProperty(StreamType.PROTOCOL), ranking(ref),
                    ref.getBundle().getSymbolicName());
        }

        out.printf("%nDecoder providers (%s):%n", DecoderProvider.NAME);
        List<ServiceReference<DecoderProvider>> decoders =
                byRanking(context.getServiceReferences(DecoderProvider.class, null));
        if (decoders.isEmpty()) {
            out.printf("  none registered%n");
        }
        for (ServiceReference<DecoderProvider> ref : decoders) {
            Object codecs = ref.getProperty(DecoderProvider.CODECS);
            out.printf("  %-12s ranking %-5s hardware=%-5s %d codecs  %s%n", ref.getProperty(DecoderProvider.NAME),
                    ranking(ref), ref.getProperty(DecoderProvider.HARDWARE),
                    codecs instanceof String[] list ? list.length : 0, ref.getProperty(DecoderProvider.LIBRARY));
            Object reason = ref.getProperty(DecoderProvider.RANKING_REASON);
            if (reason != null) {
                out.printf("  %-12s   ranked so: %s%n", "", reason);
            }
        }
        if (!allActive) {
            spec.commandLine().getErr().println("kithara: not every kithara bundle is ACTIVE");
            return 1;
        }
        return 0;
    }

    /**
     * Waits, at most {@link #LIBRARY_WAIT_MILLIS} ms, until every decoder provider names its library: FFmpeg's
     * loads in the background after its bundle starts and is named once loaded.
     */
    private void awaitLibraries() throws InvalidSyntaxException, InterruptedException {
        String unnamed = "(&(" + Constants.OBJECTCLASS + "=" + DecoderProvider.class.getName() + ")(!("
                + DecoderProvider.LIBRARY + "=*)))";
        Object changed = new Object();
        ServiceListener listener = event -> {
            synchronized (changed) {
                changed.notifyAll();
            }
        };
        context.addServiceListener(listener, "(" + Constants.OBJECTCLASS + "=" + DecoderProvider.class.getName() + ")");
        try {
            long deadline = System.nanoTime() + LIBRARY_WAIT_MILLIS * 1_000_000;
            synchronized (changed) {
                long left;
                while (context.getServiceReferences((String) null, unnamed) != null
                        && (left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
                    changed.wait(left);
                }
            }
        } finally {
            context.removeServiceListener(listener);
        }
    }

    private String ffmpegLibrary() throws InvalidSyntaxException {
        Collection<ServiceReference<DecoderProvider>> refs =
                context.getServiceReferences(DecoderProvider.class, "(" + DecoderProvider.NAME + "=ffmpeg)");
        return refs.stream().map(r -> (String) r.getProperty(DecoderProvider.LIBRARY)).filter(Objects::nonNull).findFirst()
                .orElse("FFmpeg not loaded: no ffmpeg decoder provider names its library");
    }

    private static <S> List<ServiceReference<S>> byRanking(Collection<ServiceReference<S>> refs) {
        return refs.stream().sorted(Comparator.<ServiceReference<S>>naturalOrder().reversed()).toList();
    }

    private static Object ranking(ServiceReference<?> ref) {
        Object r = ref.getProperty(Constants.SERVICE_RANKING);
        return r == null ? 0 : r;
    }

    private static String stateName(int state) {
        switch (state) {
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.INSTALLED: return "INSTALLED";
            default: return "UNINSTALLED";
        }
    }
}
