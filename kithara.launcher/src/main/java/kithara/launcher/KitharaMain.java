package kithara.launcher;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The process's main: the bnd launcher of the exported jar calls this service on the main thread once
 * every bundle has started, and makes its result the process's exit code. The command-line arguments
 * come from the launcher's own service ({@value #ARGUMENTS}).
 */
@Component(service = Callable.class, property = "main.thread=true")
public final class KitharaMain implements Callable<Integer> {

    /** Property of the bnd launcher's service holding the command-line arguments. */
    static final String ARGUMENTS = "launcher.arguments";

    private final BundleContext context;

    /** Creates the main for the launcher bundle's context. */
    @Activate
    public KitharaMain(BundleContext context) {
        this.context = context;
    }

    /** Runs the command named by the arguments and returns its exit code. */
    @Override
    public Integer call() throws InvalidSyntaxException {
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true);
        return KitharaCli.run(context, launcherArguments(), out, err);
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
