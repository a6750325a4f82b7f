package kithara.launcher.command;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.BundleContext;

/**
 * The demo media shipped in the launcher bundle ({@code demo/}): an HLS ladder of two AAC variants and a FLAC one,
 * and a progressive MP3, each 16 s; served on loopback by {@code demo} and {@code loadtest}.
 */
final class DemoContent {

    /** Where the HLS ladder's master playlist is, relative to the served folder. */
    static final String HLS = "hls/master.m3u8";
    /** Where the progressive MP3 is, relative to the served folder. */
    static final String MP3 = "progressive.mp3";
    /** Both. */
    static final List<String> ALL = List.of(MP3, HLS);

    private DemoContent() {
    }

    /** Copies the demo to a new temporary folder and returns it. */
    static Path extract(BundleContext context) throws IOException {
        Path dir = Files.createTempDirectory("kithara-demo-content-");
        Enumeration<URL> entries = context.getBundle().findEntries("demo", "*", true);
        while (entries != null && entries.hasMoreElements()) {
            URL entry = entries.nextElement();
            String name = entry.getPath().substring(entry.getPath().indexOf("demo/") + "demo/".length());
            if (name.isEmpty() || name.endsWith("/")) {
                continue;
            }
            Path target = dir.resolve(name).normalize();
            if (!target.startsWith(dir)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = entry.openStream()) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }
}
