package kithara.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/**
 * Runs the {@code ./kithara} script as users do (it runs the exported jar in a JVM of its own, on the JDK
 * running this test) and reads what it prints.
 */
public class LauncherIT {

    private static final long TIMEOUT_SECONDS = 120;

    /** What one run of the jar printed and returned. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run kithara(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("kithara.script")).getAbsolutePath());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("KITHARA_LOG");
        Process p = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kithara " + String.join(" ", args) + " did not exit within " + TIMEOUT_SECONDS + " s");
        }
        return new Run(p.exitValue(), out.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), err.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    @Test
    public void versionListsBundlesLibrariesAndServices() throws Exception {
        Run run = kithara("version");
        assertEquals(run.err(), 0, run.exitCode());
        for (String bundle : List.of("kithara.api", "kithara.stream", "kithara.protocol.file", "kithara.protocol.hls",
                "kithara.decoder.ffmpeg", "kithara.decoder.hw", "kithara.audio", "kithara.launcher")) {
            assertTrue(run.out(), run.out().matches("(?s).*\\n  " + bundle.replace(".", "\\.") + " +0\\.1\\.0\\S* +ACTIVE\\n.*"));
        }
        assertTrue(run.out(), run.out().contains("FFmpeg 8.0.1 (libavcodec "));
        assertTrue(run.out(), run.out().contains("JavaCPP 1.5.13"));
        assertTrue(run.out(), run.out().contains("Java " + Runtime.version().feature()));
        assertTrue(run.out(), run.out().matches("(?s).*\\n  ffmpeg +ranking 0 +hardware=false.*"));
    }

    @Test
    public void helpListsTheCommands() throws Exception {
        Run run = kithara("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out(), run.out().contains("Usage: kithara"));
        assertTrue(run.out(), run.out().matches("(?s).*\\n  version +\\S.*"));
        assertEquals(0, kithara("version", "--help").exitCode());
    }

    @Test
    public void unknownCommandsAndOptionsAreUsageErrors() throws Exception {
        for (String[] args : new String[][] {{"frobnicate"}, {"--frobnicate"}, {"version", "--frobnicate"}}) {
            Run run = kithara(args);
            assertEquals(String.join(" ", args) + ": " + run.err(), 2, run.exitCode());
            String firstLine = run.err().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
            assertTrue(run.err(), firstLine.contains("frobnicate"));
            assertTrue(run.err(), run.err().contains("Usage: kithara"));
        }
        Run none = kithara();
        assertEquals(2, none.exitCode());
        assertTrue(none.err(), none.err().contains("Usage: kithara"));
    }
}
