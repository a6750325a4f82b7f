package kithara.launcher;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The process's main: the bnd launcher of the exported jar calls this service on the main thread as soon as it is
 * registered, and makes its result the process's exit code. The command-line arguments come from the launcher's own
 * service ({@value #ARGUMENTS}); the command runs once the framework has started every bundle.
 */
@Component(service = Callable.class, property = "main.thread=true")
public final class KitharaMain implements Callable<Integer> {

    /** Property of the bnd launcher's service holding the command-line arguments. */
    static final String ARGUMENTS = "launcher.arguments";

    /** How long a command waits for the framework to start every bundle. */
    private static final Duration FRAMEWORK_START_TIMEOUT = Duration.ofSeconds(30);

    private final BundleContext context;
    private final FrameworkStarted started;

    /** Creates the main for the launcher bundle's context. */
    @Activate
    public KitharaMain(BundleContext context) {
        this.context = context;
        this.started = new FrameworkStarted(context);
    }

    @Deactivate
    void deactivate() {
        started.close();
    }

    /** Runs the command named by the arguments and returns its exit code. */
    @Override
    public Integer call() throws InvalidSyntaxException {
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true);
        return KitharaCli.run(context, launcherArguments(), out, err, () -> awaitFrameworkStarted(err));
    }

    private void awaitFrameworkStarted(PrintWriter err) {
        try {
            if (!started.await(FRAMEWORK_START_TIMEOUT)) {
                err.println("kithara: the framework has not started every bundle after "
                        + FRAMEWORK_START_TIMEOUT.toSeconds() + " s; running the command anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String[] launcherArguments() throws InvalidSyntaxException {
        for (ServiceReference<?> ref : context.getServiceReferences((String) null, "(" + ARGUMENTS + "=*)")) {
            if (ref.getProperty(ARGUMENTS) instanceof String[] args) {
                return args;
            }
        }
        return new String[0];
    }
}
