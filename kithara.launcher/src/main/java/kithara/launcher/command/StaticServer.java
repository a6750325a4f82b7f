package kithara.launcher.command;

import java.net.URI;
import java.nio.file.Path;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A folder served over HTTP by Jetty's ResourceHandler (with Range support), for {@code serve} and {@code demo}. */
final class StaticServer implements AutoCloseable {

    private final Server server;
    private final URI base;

    private StaticServer(Server server, URI base) {
        this.server = server;
        this.base = base;
    }

    /** Starts serving {@code dir} on {@code host}:{@code port} (0 for a free port). */
    static StaticServer start(Path dir, String host, int port) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(32, 2);
        pool.setName("kithara-serve");
        pool.setDaemon(true);
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
        return new StaticServer(server, URI.create("http://" + host + ":" + connector.getLocalPort() + "/"));
    }

    /** Returns the URL of the folder's root. */
    URI base() {
        return base;
    }

    /** Blocks until the server stops (e.g. the process is interrupted). */
    void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
