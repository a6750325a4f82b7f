package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged example as its README section does: {@code java -jar kithara-plain-java.jar <input> <out.wav>}. */
class DecodeToWavIT {

    private static final Path JAR = Paths.get(System.getProperty("example.jar"));
    private static final Path TESTDATA = Paths.get(System.getProperty("example.testdata"));

    @TempDir
    Path dir;

    @Test
    void decodesALocalFile() throws Exception {
        Path out = dir.resolve("flac.wav");
        Run run = run(TESTDATA.resolve("sine1k-1s.flac").toString(), out.toString());
        assertEquals(0, run.exit, run.stderr);
        assertEquals(44_100, framesOf(out));
        assertTrue(run.stdout.contains("44100 frames"), run.stdout);
    }

    @Test
    void decodesAProgressiveDownload() throws Exception {
        byte[] mp3 = Files.readAllBytes(TESTDATA.resolve("sine1k-1s.mp3"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/a.mp3", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "audio/mpeg");
            exchange.sendResponseHeaders(200, mp3.length);
            exchange.getResponseBody().write(mp3);
            exchange.close();
        });
        server.start();
        try {
            Path out = dir.resolve("mp3.wav");
            Run run = run("http://127.0.0.1:" + server.getAddress().getPort() + "/a.mp3", out.toString());
            assertEquals(0, run.exit, run.stderr);
            assertEquals(44_100, framesOf(out), "an MP3 decodes to its true, gapless length");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMissingFileIsOneLineNamingIt() throws Exception {
        Run run = run(dir.resolve("missing.mp3").toString(), dir.resolve("x.wav").toString());
        assertEquals(1, run.exit);
        List<String> lines = run.stderr.lines().toList();
        assertEquals(1, lines.size(), run.stderr);
        assertTrue(lines.get(0).contains("missing.mp3"), run.stderr);
    }

    @Test
    void undecodableInputIsOneLineNamingIt() throws Exception {
        Path garbage = dir.resolve("garbage.m4a");
        Files.write(garbage, new byte[4096]);
        Run run = run(garbage.toString(), dir.resolve("x.wav").toString());
        assertEquals(1, run.exit);
        List<String> lines = run.stderr.lines().toList();
        assertEquals(1, lines.size(), "FFmpeg's own complaints stay quiet: " + run.stderr);
        assertTrue(lines.get(0).contains("garbage.m4a"), run.stderr);
    }

    /** Frames in a 16-bit WAV file written by the example, from its header's channel count and data size. */
    private static long framesOf(Path wav) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(wav), 0, 44).order(ByteOrder.LITTLE_ENDIAN);
        int channels = header.getShort(22);
        int dataBytes = header.getInt(40);
        assertEquals(Files.size(wav) - 44, dataBytes, "the header's data size is the file's");
        return dataBytes / (2L * channels);
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run run(String... args) throws Exception {
        Path stdout = dir.resolve("stdout");
        Path stderr = dir.resolve("stderr");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the example did not end within 120 s: " + command);
        }
        return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
