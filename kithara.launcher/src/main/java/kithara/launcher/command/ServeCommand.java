package kithara.launcher.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

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
        try (StaticServer server = StaticServer.start(dir, host, port)) {
            spec.commandLine().getOut().printf("serving %s at %s (Ctrl-C to stop)%n", dir.toAbsolutePath().normalize(),
                    server.base());
            spec.commandLine().getOut().flush();
            server.join();
        }
        return 0;
    }
}
