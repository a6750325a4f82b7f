package kithara.launcher;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Tells when the framework has finished starting bundles. The command line's main is called as soon as the launcher
 * bundle starts, and parses its arguments while the bundles of later start levels (the platform decoder's, whose
 * detection takes a tenth of a second) still start; its command runs once they have.
 */
final class FrameworkStarted implements FrameworkListener {

    private final BundleContext context;
    private final CountDownLatch started = new CountDownLatch(1);

    /** Listens from now on; when the framework's start level is already past this bundle's, it has started. */
    FrameworkStarted(BundleContext context) {
        this.context = context;
        context.addFrameworkListener(this);
        int framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkStartLevel.class).getStartLevel();
        int own = context.getBundle().adapt(BundleStartLevel.class).getStartLevel();
        if (framework > own) {
            started.countDown();
        }
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED || event.getType() == FrameworkEvent.STARTED) {
            started.countDown();
        }
    }

    /**
     * Waits until the framework has started every bundle, at most {@code timeout}.
     *
     * @return whether it had within the timeout
     */
    boolean await(Duration timeout) throws InterruptedException {
        return started.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops listening. */
    void close() {
        context.removeFrameworkListener(this);
    }
}
