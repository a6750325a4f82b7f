package kithara.launcher.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import kithara.stream.cache.AssetInfo;
import kithara.stream.cache.AssetStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kithara cache ls|size|clear|evict}: the asset cache, seen and trimmed from the command line. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "List, measure, clear or trim the asset cache.",
        subcommands = {CacheCommand.Ls.class, CacheCommand.Size.class, CacheCommand.Clear.class, CacheCommand.Evict.class})
public final class CacheCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    /** Creates the command for the launcher bundle's context. */
    public CacheCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("kithara cache: a subcommand is required (ls, size, clear, evict)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Runs {@code action} with the AssetStore service, or explains why there is none. */
    private int withStore(CommandSpec sub, StoreAction action) throws IOException {
        ServiceReference<AssetStore> ref = context.getServiceReference(AssetStore.class);
        AssetStore store = ref == null ? null : context.getService(ref);
        if (store == null) {
            sub.commandLine().getErr().println("kithara cache: the asset cache is unavailable; its folder may be in use by"
                    + " another kithara process (run with KITHARA_LOG=info for the cause)");
            return 1;
        }
        try {
            if (store.degraded().isPresent()) {
                sub.commandLine().getErr().println("kithara cache: " + store.degraded().get());
                return 1;
            }
            return action.run(store, sub.commandLine().getOut());
        } finally {
            context.ungetService(ref);
        }
    }

    private interface StoreAction {
        int run(AssetStore store, PrintWriter out) throws IOException;
    }

    /** Formats a byte count for people: {@code 0 B}, {@code 1.5 KiB}, {@code 2.0 GiB}. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Parses {@code 1048576}, {@code 512K}, {@code 100M}, {@code 2G} (binary units). */
    static final class ByteSize implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
            long unit = 1;
            char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
            switch (last) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                case 'T' -> unit = 1L << 40;
                default -> unit = 1;
            }
            String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
            long n = Long.parseLong(digits.trim());
            if (n < 0) {
                throw new IllegalArgumentException("a size cannot be negative: " + value);
            }
            return Math.multiplyExact(n, unit);
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the cached assets, least recently used first.")
    static final class Ls implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        CacheCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            return parent.withStore(spec, (store, out) -> {
                List<AssetInfo> assets = store.assets();
                for (AssetInfo a : assets) {
                    out.printf("%10s  %-9s %s  %s%s%n", human(a.bytes()), a.committed() ? "complete" : "partial",
                            WHEN.format(a.lastAccess()), a.uri(), a.pinned() ? "  (in use)" : "");
                }
                out.printf("%d assets, %s%n", assets.size(), human(assets.stream().mapToLong(AssetInfo::bytes).sum()));
                return 0;
            });
        }
    }

    @Command(name = "size", mixinStandardHelpOptions = true, description = "Print the bytes the cache takes.")
    static final class Size implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        CacheCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            return parent.withStore(spec, (store, out) -> {
                long total = store.totalBytes();
                out.printf("%s (%d bytes) in %d assets%n", human(total), total, store.assets().size());
                return 0;
            });
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove every asset not in use.")
    static final class Clear implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        CacheCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            return parent.withStore(spec, (store, out) -> report(out, store.clear(), store));
        }
    }

    @Command(name = "evict", mixinStandardHelpOptions = true,
            description = "Remove least recently used assets until the cache fits the limits.")
    static final class Evict implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        CacheCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--max-bytes", required = true, converter = ByteSize.class,
                description = "Bytes to keep at most, e.g. 500M or 2G.")
        long maxBytes;

        @Option(names = "--max-assets", description = "Assets to keep at most (default: no limit).")
        int maxAssets = Integer.MAX_VALUE;

        @Override
        public Integer call() throws IOException {
            return parent.withStore(spec, (store, out) -> report(out, store.evict(maxBytes, maxAssets), store));
        }
    }

    private static int report(PrintWriter out, List<AssetInfo> removed, AssetStore store) throws IOException {
        out.printf("removed %d assets (%s); %s left%n", removed.size(),
                human(removed.stream().mapToLong(AssetInfo::bytes).sum()), human(store.totalBytes()));
        return 0;
    }
}
