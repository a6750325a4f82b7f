package kithara.facade;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * The jars the build embedded in this one, under {@code /kithara/facade/}: a folder of them is listed by the
 * {@code index} file in it (paths relative to {@code /kithara/facade/}, comma-separated, as Maven wrote it).
 */
final class EmbeddedJars {

    private static final String ROOT = "/kithara/facade/";

    private EmbeddedJars() {
    }

    /** Returns the paths of the folder's jars, in its index's order, for {@link #open}. */
    static List<String> list(String folder) throws IOException {
        String index;
        try (InputStream in = open(folder + "/index")) {
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> paths = Arrays.stream(index.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        if (paths.isEmpty()) {
            throw new IOException("the index of " + ROOT + folder + " lists no jar");
        }
        return paths;
    }

    /** Returns the jar's main manifest header, or null when it has none. */
    static String header(String path, String name) throws IOException {
        try (JarInputStream jar = new JarInputStream(open(path))) {
            Manifest manifest = jar.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue(name);
        }
    }

    /** Returns the {@code Export-Package} header of every jar in the folder. */
    static List<String> exports(String folder) throws IOException {
        List<String> exports = new ArrayList<>();
        for (String path : list(folder)) {
            String export = header(path, "Export-Package");
            if (export == null) {
                throw new IOException(ROOT + path + " exports no package");
            }
            exports.add(export);
        }
        return exports;
    }

    /** Opens an embedded file by its path under {@code /kithara/facade/}. */
    static InputStream open(String path) throws IOException {
        InputStream in = EmbeddedJars.class.getResourceAsStream(ROOT + path);
        if (in == null) {
            throw new IOException("this jar holds no " + ROOT + path + " (was it built by Maven?)");
        }
        return in;
    }
}
