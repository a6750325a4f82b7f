package kithara.launcher.command;

import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

import kithara.api.decode.DecoderProvider;

/** The decoder providers registered in the framework, by name. */
final class DecoderProviders {

    private DecoderProviders() {
    }

    /** The names of the registered providers, highest ranking first. */
    static List<String> names(BundleContext context) throws InvalidSyntaxException {
        return context.getServiceReferences(DecoderProvider.class, null).stream()
                .sorted((a, b) -> b.compareTo(a))
                .map(ref -> String.valueOf(ref.getProperty(DecoderProvider.NAME)))
                .toList();
    }
}
