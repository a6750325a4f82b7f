package kithara.launcher.command;

import java.io.IOException;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import kithara.api.audio.AudioService;

/** Runs command code with the AudioService, holding it (so that it stays active) until the code returns. */
final class AudioServices {

    private static final long SERVICE_TIMEOUT_MS = 30_000;

    /** Code that uses the AudioService. */
    @FunctionalInterface
    interface Use<R> {
        R apply(AudioService audio) throws Exception;
    }

    private AudioServices() {
    }

    /**
     * Waits up to 30 s for the service, runs {@code use} with it and releases it.
     *
     * @throws IOException when no AudioService appears
     */
    static <R> R with(BundleContext context, Use<R> use) throws Exception {
        ServiceTracker<AudioService, AudioService> tracker = new ServiceTracker<>(context, AudioService.class, null);
        tracker.open();
        try {
            AudioService audio = tracker.waitForService(SERVICE_TIMEOUT_MS);
            if (audio == null) {
                throw new IOException("no AudioService is running (is kithara.audio active?)");
            }
            return use.apply(audio);
        } finally {
            tracker.close();
        }
    }
}
