package kithara.launcher.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kithara serve}: a static file server with Range support, for trying Kithara on local files over HTTP. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a folder over HTTP with Range support until interrupted (Ctrl-C).",
                "Prints the URL it serves at; --port 0 picks a free port."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<dir>", description = "The folder to serve.")
    Path dir;

    @Option(names = "--port", description = "TCP port (default 8080; 0 for any free port).", defaultValue = "8080")
    int port;

    @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).", defaultValue = "127.0.0.1")
    String host;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("kithara serve: not a folder: " + dir);
            return 2;
        }
        QueuedThreadPool pool = new QueuedThreadPool(32, 2);
        pool.setName("kithara-serve");
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(server).newResource(dir.toAbsolutePath().normalize()));
        files.setDirAllowed(true);
        server.setHandler(files);
        server.start();
        try {
            spec.commandLine().getOut().printf("serving %s at http://%s:%d/ (Ctrl-C to stop)%n", dir.toAbsolutePath().normalize(),
                    host, connector.getLocalPort());
            spec.commandLine().getOut().flush();
            server.join();
        } finally {
            server.stop();
        }
        return 0;
    }
}
