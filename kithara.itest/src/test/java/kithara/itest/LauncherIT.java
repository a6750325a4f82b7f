package kithara.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import kithara.stream.cache.AssetLease;
import kithara.stream.cache.internal.AssetCache;

/**
 * Runs the {@code ./kithara} script as users do (it runs the exported jar in a JVM of its own, on the JDK
 * running this test) and reads what it prints.
 */
public class LauncherIT {

    private static final long TIMEOUT_SECONDS = 120;
    /**
     * The cache folder of every run that names none ({@code XDG_CACHE_HOME}): not the user's, whose folder another
     * kithara process may hold (its lock warning is a line on stderr the tests would count).
     */
    private static final Path CACHE = temporaryFolder("kithara-launcher-it-cache");

    private static Path temporaryFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one run of the jar printed (standard output as bytes too: it may be audio) and returned. */
    private record Run(int exitCode, byte[] outBytes, String err) {
        String out() {
            return new String(outBytes, StandardCharsets.UTF_8);
        }
    }

    private static Run kithara(String... args) throws Exception {
        return kithara(Map.of(), args);
    }

    private static Run kithara(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("kithara.script")).getAbsolutePath());
        command.addAll(List.of(args));
        return run(command, env);
    }

    /** Runs {@code ./kithara args} on a terminal (util-linux {@code script}), as a user at a shell; both streams in out. */
    private static Run onATerminal(String... args) throws Exception {
        StringBuilder line = new StringBuilder("'" + new File(System.getProperty("kithara.script")).getAbsolutePath() + "'");
        for (String a : args) {
            line.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        return run(List.of("script", "-qfec", line.toString(), "/dev/null"), Map.of());
    }

    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("XDG_CACHE_HOME", CACHE.toString());
        builder.environment().remove("KITHARA_LOG");
        builder.environment().putAll(env);
        Process p = builder.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not exit within " + TIMEOUT_SECONDS + " s");
        }
        return new Run(p.exitValue(), out.get(TIMEOUT_SECONDS, TimeUnit.SECONDS),
                new String(err.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            return ("<unreadable: " + e + ">").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Issue 18, the short profile of the capacity tool: 50 streams of the built-in origin for 10 s each play with no
     * underrun, within 512 KiB of heap and one thread per stream (decoding runs on a shared pool).
     */
    @Test
    public void aShortLoadTestPlaysEveryStreamWithoutUnderrunsWithinThePerStreamBudgets() throws Exception {
        Path cache = Files.createTempDirectory("kithara-loadtest-");
        Run run = kithara(Map.of("XDG_CACHE_HOME", cache.toString()), "loadtest", "--streams", "50", "--seconds", "10",
                "--ramp", "2");
        assertEquals(run.out() + run.err(), 0, run.exitCode());
        String[] lines = run.out().trim().split("\n");
        String summary = lines[lines.length - 1];
        Map<String, String> figures = new HashMap<>();
        for (String pair : summary.split(" ")) {
            String[] kv = pair.split("=", 2);
            figures.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        assertEquals(run.out(), "50", figures.get("streams"));
        assertEquals(run.out(), "0", figures.get("underruns"));
        assertTrue(run.out(), Double.parseDouble(figures.get("heap_kib_per_stream")) <= 512);
        assertTrue(run.out(), Double.parseDouble(figures.get("threads_per_stream")) <= 1.0);
        assertTrue(run.out(), Double.parseDouble(figures.get("cpu_pct")) > 0);
    }

    @Test
    public void versionListsBundlesLibrariesAndServices() throws Exception {
        Run run = kithara("version");
        assertEquals(run.err(), 0, run.exitCode());
        assertTrue(run.out(), run.out().matches("(?s).*\\n  kithara\\.api +2\\.0\\.0\\S* +ACTIVE\\n.*")); // versioned on its own
        for (String bundle : List.of("kithara.stream", "kithara.protocol.file", "kithara.protocol.hls",
                "kithara.decoder.ffmpeg", "kithara.decoder.hw", "kithara.audio", "kithara.launcher")) {
            assertTrue(run.out(), run.out().matches("(?s).*\\n  " + bundle.replace(".", "\\.") + " +0\\.1\\.0\\S* +ACTIVE\\n.*"));
        }
        assertTrue(run.out(), run.out().contains("FFmpeg 8.0.1 (libavcodec "));
        assertTrue(run.out(), run.out().contains("JavaCPP 1.5.13"));
        assertTrue(run.out(), run.out().contains("Java " + Runtime.version().feature()));
        assertTrue(run.out(), run.out().matches("(?s).*\\n  ffmpeg +ranking 0 +hardware=false.*"));
    }

    /**
     * Issue 14: the build records the class-data sharing archive the script maps, so even the first run after a build
     * takes the framework's, the engine's and the command line's classes (picocli's too) from it (HTTP's and HLS's:
     * {@link #serveServesRangesThatDecodeReads}).
     */
    @Test
    public void theStartMapsTheClassesTheBuildArchived() throws Exception {
        assumeTrue("class-data sharing runs on Java 17 to 21", Runtime.version().feature() < 22);
        Path log = Files.createTempFile("kithara-classes", ".log");
        try {
            Run run = kithara(Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "version");
            assertEquals(run.err(), 0, run.exitCode());
            String loaded = Files.readString(log);
            for (String name : List.of("org.apache.felix.framework.Felix", "kithara.launcher.KitharaCli",
                    "picocli.CommandLine", "kithara.decoder.ffmpeg.FfmpegComponent")) {
                assertTrue(name, loaded.contains("] " + name + " source: shared objects file"));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    public void cacheCommandsListMeasureAndTrimTheCache() throws Exception {
        Path home = Files.createTempDirectory("kithara-cache-it");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", home.toString());
        Path root = home.resolve("kithara").resolve("assets");
        try (AssetCache cache = AssetCache.onDisk(root, Long.MAX_VALUE, Integer.MAX_VALUE, true)) {
            for (String name : List.of("a.flac", "b.mp3")) {
                try (AssetLease lease = cache.open(cache.key(URI.create("https://cdn.test/" + name), ""))) {
                    lease.storage().writeAt(0, ByteBuffer.wrap(new byte[3 << 20]));
                    lease.commit(3 << 20);
                }
            }
            Run locked = kithara(env, "cache", "ls");
            assertEquals(locked.err(), 1, locked.exitCode());
            assertTrue(locked.err(), locked.err().contains("in use by another kithara process"));
            String fixture = Path.of(System.getProperty("kithara.testdata"), "sine1k-1s.flac").toString();
            Run decodes = kithara(env, "decode", fixture, "-o", home.resolve("while-locked.wav").toString());
            assertEquals("a second process still decodes, caching in memory: " + decodes.err(), 0, decodes.exitCode());
        }
        Run ls = kithara(env, "cache", "ls");
        assertEquals(ls.err(), 0, ls.exitCode());
        assertTrue(ls.out(), ls.out().contains("https://cdn.test/a.flac") && ls.out().contains("3.0 MiB")
                && ls.out().contains("complete") && ls.out().contains("2 assets, 6.0 MiB"));
        Run evict = kithara(env, "cache", "evict", "--max-bytes", "4M");
        assertTrue(evict.out(), evict.out().startsWith("removed 1 assets (3.0 MiB)"));
        Run size = kithara(env, "cache", "size");
        assertTrue(size.out(), size.out().startsWith("3.0 MiB") && size.out().contains("in 1 assets"));
        Run clear = kithara(env, "cache", "clear");
        assertTrue(clear.out(), clear.out().contains("removed 1 assets") && clear.out().contains("0 B left"));
        assertEquals("--max-bytes is required", 2, kithara(env, "cache", "evict").exitCode());
    }

    @Test
    public void setConfiguresOneRunAndRefusesWhatNoComponentReads() throws Exception {
        Path home = Files.createTempDirectory("kithara-set-it");
        Path elsewhere = home.resolve("elsewhere");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", home.toString());
        Run stats = kithara(env, "--set", "kithara.stream.cache.root=" + elsewhere, "stats");
        assertEquals(stats.err(), 0, stats.exitCode());
        assertTrue(stats.out(), stats.out().contains("cache       " + elsewhere + ":"));
        for (int run = 0; run < 3; run++) { // the command starts once the reconfigured cache is registered again
            Run ls = kithara(env, "--set", "kithara.stream.cache.root=" + elsewhere, "cache", "ls");
            assertEquals(ls.err(), 0, ls.exitCode());
            assertTrue(ls.out(), ls.out().contains("0 assets"));
        }
        Run plain = kithara(env, "stats");
        assertTrue("only for that run: " + plain.out(), plain.out().contains(home.resolve("kithara").resolve("assets") + ":"));
        Run typo = kithara(env, "--set", "kithara.stream.cach.root=/x", "stats");
        assertEquals(typo.err(), 2, typo.exitCode());
        assertTrue(typo.err(), typo.err().contains("no component reads configuration kithara.stream.cach ")
                && typo.err().contains("kithara.stream.cache"));
    }

    /**
     * Issue 18, scaling out: processes share a cache read-only. While one process owns the folder, a second one on
     * the same folder plays what the first cached whole, with no network (the origin here refuses connections), and
     * one given the folder as a shared root does the same with a folder of its own, writing nothing there.
     */
    @Test
    public void processesPlayWhatAnotherCachedWholeFromItsFolderReadOnly() throws Exception {
        Path home = Files.createTempDirectory("kithara-shared-it");
        Path owned = home.resolve("kithara").resolve("assets");
        Path fixture = Path.of(System.getProperty("kithara.testdata"), "sine1k-1s.flac");
        String unreachable = "http://127.0.0.1:9/sine1k-1s.flac"; // the discard port: connections are refused
        try (AssetCache cache = AssetCache.onDisk(owned, Long.MAX_VALUE, Integer.MAX_VALUE, true)) {
            byte[] bytes = Files.readAllBytes(fixture);
            try (AssetLease lease = cache.open(cache.key(URI.create(unreachable), ""))) {
                lease.storage().writeAt(0, ByteBuffer.wrap(bytes));
                lease.commit(bytes.length);
            }
            Run sameFolder = kithara(Map.of("XDG_CACHE_HOME", home.toString()), "decode", unreachable, "-o",
                    home.resolve("locked.wav").toString());
            assertEquals(sameFolder.err(), 0, sameFolder.exitCode());
            assertTrue(sameFolder.err(), sameFolder.err().contains("reads what that one cached whole"));
            Path mine = home.resolve("mine");
            Run sharedRoot = kithara(Map.of(), "--set", "kithara.stream.cache.root=" + mine, "--set",
                    "kithara.stream.cache.sharedRoots=" + owned, "decode", unreachable, "-o", home.resolve("shared.wav").toString());
            assertEquals(sharedRoot.err(), 0, sharedRoot.exitCode());
            assertEquals(1.0, wavSamples(home.resolve("shared.wav")).length / 2 / 44_100.0, 0.01);
            try (var files = Files.walk(mine)) {
                assertEquals("nothing of the shared asset is copied", List.of(".lock"),
                        files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList());
            }
        }
    }

    /** Reads a WAV written by decode: interleaved floats (f32) and the channel count. */
    private static float[] wavSamples(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals("IEEE float", 3, b.getShort(20));
        int dataBytes = b.getInt(40);
        float[] f = new float[dataBytes / 4];
        b.position(44);
        b.asFloatBuffer().get(f);
        return f;
    }

    @Test
    public void decodeWritesWavSlicesSampleAccuratelyAndExitsWithTheDocumentedCodes() throws Exception {
        Path dir = Files.createTempDirectory("kithara-decode-it");
        String fixture = Path.of(System.getProperty("kithara.testdata"), "sine440-2s.m4a").toString();
        Run whole = kithara("decode", fixture, "-o", dir.resolve("whole.wav").toString());
        assertEquals(whole.err(), 0, whole.exitCode());
        assertTrue(whole.out(), whole.out().contains("44100 Hz, 2 channels, 2.000 s, f32"));
        float[] all = wavSamples(dir.resolve("whole.wav"));
        assertEquals(88200 * 2, all.length);
        // Sample-accurate slices, checked on lossless media (AAC's noise substitution differs after any seek).
        String flac = Path.of(System.getProperty("kithara.testdata"), "sine1k-1s.flac").toString();
        assertEquals(0, kithara("decode", flac, "-o", dir.resolve("flac.wav").toString()).exitCode());
        float[] flacAll = wavSamples(dir.resolve("flac.wav"));
        Run slice = kithara("decode", flac, "-o", dir.resolve("slice.wav").toString(), "--start", "0.25", "--duration", "0.5");
        assertEquals(slice.err(), 0, slice.exitCode());
        float[] part = wavSamples(dir.resolve("slice.wav"));
        assertEquals(22050 * 2, part.length);
        for (int i = 0; i < part.length; i++) {
            assertEquals("sample " + i + " of the slice", flacAll[11025 * 2 + i], part[i], 0f);
        }
        Run s16 = kithara("decode", fixture, "-o", dir.resolve("s16.wav").toString(), "--format", "s16", "--rate", "8000",
                "--channels", "1");
        assertEquals(s16.err(), 0, s16.exitCode());
        ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("s16.wav"))).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, h.getShort(20));
        assertEquals(1, h.getShort(22));
        assertEquals(8000, h.getInt(24));
        assertEquals(16, h.getShort(34));

        Run missing = kithara("decode", dir.resolve("nothing.mp3").toString(), "-o", dir.resolve("x.wav").toString());
        assertEquals(missing.err(), 3, missing.exitCode());
        assertTrue(missing.err(), missing.err().contains("nothing.mp3"));
        Path garbage = dir.resolve("garbage.mp3");
        Files.write(garbage, new byte[5000]);
        Run unsupported = kithara("decode", garbage.toString(), "-o", dir.resolve("y.wav").toString());
        assertEquals(unsupported.err(), 4, unsupported.exitCode());
        assertEquals(2, kithara("decode", fixture).exitCode());
        assertEquals(2, kithara("decode", fixture, "-o", dir.resolve("z.wav").toString(), "--format", "mp3").exitCode());
    }

    @Test
    public void playWithoutAnAudioDeviceSaysSoAndNamesDecode() throws Exception {
        assumeTrue("this machine has an audio device", !hasAudioDevice());
        Run run = kithara("play", Path.of(System.getProperty("kithara.testdata"), "sine1k-1s.flac").toString());
        assertEquals(run.err(), 1, run.exitCode());
        String line = run.err().lines().filter(l -> l.startsWith("kithara play:")).findFirst().orElse("");
        assertTrue(run.err(), line.contains("no audio device") && line.contains("kithara decode"));
    }

    /**
     * Issue 20: {@code kithara play} goes through the player to the default Java Sound line. With ALSA's file plugin as
     * the default device (an .asoundrc in a HOME of the test's own), what reached the device is recorded: it equals
     * what {@code decode} writes as 16-bit samples, sample for sample, for one input from --start and for two back to
     * back. Skipped, saying so, where Java Sound finds no ALSA (libasound2 missing).
     */
    @Test
    public void playSendsTheDeviceWhatDecodeWrites() throws Exception {
        Path home = Files.createTempDirectory("kithara-alsa-it");
        Path played = home.resolve("played.raw");
        Files.writeString(home.resolve(".asoundrc"), "pcm.!default {\n  type file\n  slave.pcm \"null\"\n  file \""
                + played + "\"\n  format \"raw\"\n}\n");
        Map<String, String> env = Map.of("HOME", home.toString()); // ALSA's; the JVM's user.home stays the user's
        String flac = Path.of(System.getProperty("kithara.testdata"), "sine1k-1s.flac").toString();
        String mp3 = Path.of(System.getProperty("kithara.testdata"), "sine523-4s.mp3").toString();
        for (List<String> inputs : List.of(List.of(mp3, "--start", "0.5"), List.of(flac, mp3))) {
            Files.deleteIfExists(played);
            List<String> play = new ArrayList<>(List.of("play"));
            play.addAll(inputs);
            Run run = kithara(env, play.toArray(String[]::new));
            assumeTrue("Java Sound reaches ALSA here: " + run.err(), !run.err().contains("no audio device"));
            assertEquals(run.err(), 0, run.exitCode());

            Path decoded = home.resolve("decoded.raw");
            List<String> decode = new ArrayList<>(List.of("decode"));
            decode.addAll(inputs);
            decode.addAll(List.of("--rate", "44100", "--channels", "2", "--format", "s16", "--raw", "-o", decoded.toString()));
            Run reference = kithara(env, decode.toArray(String[]::new));
            assertEquals(reference.err(), 0, reference.exitCode());
            byte[] expected = Files.readAllBytes(decoded);
            assertTrue(inputs + ": " + expected.length + " bytes decoded", expected.length > 44_100 * 4);
            assertTrue(inputs + ": what the device got equals the decode (" + Files.size(played) + " vs " + expected.length
                    + " bytes)", Arrays.equals(expected, Files.readAllBytes(played)));
        }
    }

    private static boolean hasAudioDevice() {
        try {
            javax.sound.sampled.AudioFormat f = new javax.sound.sampled.AudioFormat(44100, 16, 2, true, false);
            javax.sound.sampled.SourceDataLine line = javax.sound.sampled.AudioSystem.getSourceDataLine(f);
            line.open(f);
            line.close();
            return true;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    @Test
    public void serveServesRangesThatDecodeReads() throws Exception {
        List<String> command = List.of(new File(System.getProperty("kithara.script")).getAbsolutePath(), "serve",
                System.getProperty("kithara.testdata"), "--port", "0");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("XDG_CACHE_HOME", CACHE.toString());
        Process server = builder.start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertTrue(line, line != null && line.startsWith("serving "));
            String base = line.replaceAll(".* at (http://\\S+/) .*", "$1");
            java.net.http.HttpResponse<byte[]> part = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(base + "sine1k-1s.flac")).header("Range", "bytes=100-199").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, part.statusCode());
            assertEquals(100, part.body().length);
            Path dir = Files.createTempDirectory("kithara-serve-it");
            Run decode = kithara("decode", base + "sine1k-1s.flac", "-o", dir.resolve("remote.wav").toString());
            assertEquals(decode.err(), 0, decode.exitCode());
            assertEquals(44100 * 2, wavSamples(dir.resolve("remote.wav")).length);
            for (String playlist : List.of("hls/ts.m3u8", "hls/range.m3u8")) {
                Run hls = kithara("decode", base + playlist, "-o", dir.resolve("hls.wav").toString());
                assertEquals(playlist + ": " + hls.err(), 0, hls.exitCode());
                assertEquals(playlist, 3.0, wavSamples(dir.resolve("hls.wav")).length / 2 / 44100.0, 0.1);
            }
            if (Runtime.version().feature() < 22) { // the build's archive holds the HTTP and HLS paths too
                Path log = dir.resolve("classes.log");
                Run logged = kithara(Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "decode",
                        base + "hls/range.m3u8", "-o", dir.resolve("hls.wav").toString());
                assertEquals(logged.err(), 0, logged.exitCode());
                String loaded = Files.readString(log);
                for (String name : List.of("org.eclipse.jetty.client.HttpClient", "kithara.protocol.hls.HlsStream")) {
                    assertTrue(name, loaded.contains("] " + name + " source: shared objects file"));
                }
            }
            // on a terminal, the progress line tells the downloaded share, for HLS as for a file
            for (String input : List.of("hls/ts.m3u8", "sine1k-1s.flac")) {
                Run shown = onATerminal("decode", base + input, "-o", dir.resolve("shown.wav").toString());
                assertEquals(shown.out(), 0, shown.exitCode());
                assertTrue(input + ": " + shown.out(), shown.out().contains("downloaded 100%"));
            }
        } finally {
            server.destroy();
            server.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    public void theDemoServesPlaysOrDecodesTheBuiltInLadderAndFile() throws Exception {
        assumeTrue("this machine has an audio device: the demo would play", !hasAudioDevice());
        Path out = Files.createTempDirectory("kithara-demo-it");
        Run demo = kithara("demo", "--out", out.toString());
        assertEquals(demo.err(), 0, demo.exitCode());
        assertTrue(demo.out(), demo.out().contains("progressive MP3") && demo.out().contains("HLS ladder")
                && demo.out().contains("variant 0 in use") && demo.out().contains("decoding aac_lc"));
        for (String wav : List.of("progressive.wav", "hls.wav")) {
            float[] pcm = wavSamples(out.resolve(wav));
            assertEquals(wav, 16.0, pcm.length / 2 / 44100.0, 0.1);
        }
    }

    @Test
    public void infoDescribesTheMediaAsTextOrJson() throws Exception {
        String fixture = Path.of(System.getProperty("kithara.testdata"), "sine440-2s.m4a").toString();
        Run json = kithara("info", fixture, "--json");
        assertEquals(json.err(), 0, json.exitCode());
        String line = json.out().trim();
        assertTrue(line, line.matches("\\{(\"[a-zA-Z]+\":(\"[^\"]*\"|[0-9.]+|null),?)+\\}"));
        assertTrue(line, line.contains("\"codec\":\"aac_lc\"") && line.contains("\"sampleRate\":44100")
                && line.contains("\"channels\":2") && line.contains("\"durationSeconds\":2.0")
                && line.contains("\"container\":\"mp4\""));
        assertTrue("the bitrate, from the container or bytes over duration: " + line,
                line.matches(".*\"bitrate\":[1-9][0-9]{3,}.*"));
        Run text = kithara("info", fixture);
        assertTrue(text.out(), text.out().contains("codec            aac_lc"));
        assertEquals(3, kithara("info", fixture + ".missing").exitCode());
    }

    @Test
    public void helpListsTheCommands() throws Exception {
        Run run = kithara("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out(), run.out().contains("Usage: kithara"));
        assertTrue(run.out(), run.out().matches("(?s).*\\n  version +\\S.*"));
        // every command's summary is a whole sentence, however picocli wraps it
        String commands = run.out().substring(run.out().indexOf("Commands:"), run.out().indexOf("Run 'kithara help"));
        for (String summary : commands.split("\\n  (?=\\S)")) {
            if (!summary.startsWith("Commands:")) {
                assertTrue("a whole sentence: " + summary, summary.strip().endsWith("."));
            }
        }
        assertEquals(0, kithara("version", "--help").exitCode());
    }

    @Test
    public void badOptionValuesAreOneLineUsageErrorsBeforeTheInputIsOpened() throws Exception {
        Path dir = Files.createTempDirectory("kithara-options-it");
        // the input does not exist: a check made after opening it would exit 3, not 2
        String missing = dir.resolve("not-there.flac").toString();
        String out = dir.resolve("o.wav").toString();
        Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("--start", List.of("--start", "-5"));
        cases.put("--start ", List.of("--start", "NaN"));
        cases.put("--duration", List.of("--duration", "-1"));
        cases.put("--rate", List.of("--rate", "0"));
        cases.put("--channels", List.of("--channels", "100"));
        cases.put("--variant", List.of("--variant", "-1"));
        cases.put("--decoder", List.of("--decoder", "nope"));
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("decode", missing, "-o", out));
            args.addAll(c.getValue());
            Run run = kithara(args.toArray(String[]::new));
            assertEquals(args + ": " + run.err(), 2, run.exitCode());
            assertEquals(args + ": one line: " + run.err(), 1, run.err().lines().count());
            assertTrue(run.err(), run.err().startsWith("kithara decode: " + c.getKey().strip() + " must be "));
        }
        Run noFolder = kithara("decode", missing, "-o", dir.resolve("no/such/folder/x.wav").toString());
        assertEquals(noFolder.err(), 2, noFolder.exitCode());
        assertTrue(noFolder.err(), noFolder.err().contains("does not exist"));
        Run ftp = kithara("decode", "ftp://host.test/x.mp3", "-o", out);
        assertEquals(ftp.err(), 2, ftp.exitCode());
        assertTrue(ftp.err(), ftp.err().contains("unsupported URI scheme 'ftp:'"));
        assertTrue("nothing was written", !Files.exists(dir.resolve("o.wav")));
    }

    /** A started loopback server answering {@code /a.flac} with the 1-s FLAC fixture, telling {@code seen} each request. */
    private static com.sun.net.httpserver.HttpServer flacServer(java.util.function.Consumer<com.sun.net.httpserver.HttpExchange> seen)
            throws IOException {
        byte[] flac = Files.readAllBytes(Path.of(System.getProperty("kithara.testdata"), "sine1k-1s.flac"));
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/a.flac", exchange -> {
            seen.accept(exchange);
            exchange.getResponseHeaders().set("Content-Type", "audio/flac");
            exchange.sendResponseHeaders(200, flac.length);
            try (var body = exchange.getResponseBody()) {
                body.write(flac);
            } catch (IOException e) {
                // the client may stop reading early
            }
        });
        http.start();
        return http;
    }

    @Test
    public void headersGivenOnTheCommandLineReachTheServer() throws Exception {
        List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer http = flacServer(
                exchange -> keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Api-Key"))));
        try {
            Path dir = Files.createTempDirectory("kithara-header-it");
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/a.flac";
            Run run = kithara(Map.of("XDG_CACHE_HOME", dir.toString()), "decode", url, "-o",
                    dir.resolve("a.wav").toString(), "--header", "X-Api-Key: k3y");
            assertEquals(run.err(), 0, run.exitCode());
            assertTrue(keys.toString(), !keys.isEmpty() && keys.stream().allMatch("k3y"::equals));
            Run bad = kithara("decode", url, "-o", dir.resolve("b.wav").toString(), "--header", "no colon");
            assertEquals(bad.err(), 2, bad.exitCode());
            assertTrue(bad.err(), bad.err().contains("--header must be 'Name: value'"));
        } finally {
            http.stop(0);
        }
    }

    @Test
    public void aProxySetOnTheCommandLineCarriesTheRequests() throws Exception {
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        // a proxy that answers for the origin itself, as a caching proxy does: the origin's name does not even resolve
        com.sun.net.httpserver.HttpServer proxy = flacServer(exchange -> asked.add(exchange.getRequestURI().toString()));
        try {
            Path dir = Files.createTempDirectory("kithara-proxy-it");
            Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.toString());
            Run run = kithara(env, "--set", "kithara.stream.downloader.proxy=127.0.0.1:" + proxy.getAddress().getPort(),
                    "decode", "http://media.invalid/a.flac", "-o", dir.resolve("a.wav").toString());
            assertEquals(run.err(), 0, run.exitCode());
            assertTrue(asked.toString(), !asked.isEmpty() && asked.get(0).equals("http://media.invalid/a.flac"));
            Run bad = kithara(env, "--set", "kithara.stream.downloader.proxy=nonsense", "decode",
                    "http://media.invalid/b.flac", "-o", dir.resolve("b.wav").toString());
            assertEquals(bad.err(), 3, bad.exitCode());
            assertTrue(bad.err(), bad.err().contains("kithara.stream.downloader.proxy")
                    && bad.err().strip().lines().count() == 1);
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    public void decodeOfSeveralInputsWritesThemBackToBackSampleForSample() throws Exception {
        Path dir = Files.createTempDirectory("kithara-queue-it");
        Path testdata = Path.of(System.getProperty("kithara.testdata"));
        List<String> inputs = List.of(testdata.resolve("sine1k-1s.mp3").toString(),
                testdata.resolve("sine440-2s.m4a").toString(), testdata.resolve("sine440-1s-mono48k.wav").toString(),
                testdata.resolve("sine523-4s.flac").toString());
        List<float[]> singles = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Path single = dir.resolve(i + ".wav");
            Run run = kithara("decode", inputs.get(i), "-o", single.toString(), "--rate", "44100", "--channels", "2");
            assertEquals(run.err(), 0, run.exitCode());
            singles.add(wavSamples(single));
        }
        List<String> args = new ArrayList<>(List.of("decode"));
        args.addAll(inputs);
        args.addAll(List.of(testdata.resolve("missing.flac").toString(), "-o", dir.resolve("all.wav").toString()));
        Run all = kithara(args.toArray(String[]::new));
        assertEquals("the missing input's exit code, after the others were written: " + all.err(), 3, all.exitCode());
        assertEquals(all.err(), 1, all.err().trim().split("\n").length);
        assertTrue(all.err(), all.err().contains("missing.flac"));
        assertTrue(all.out(), all.out().contains("44100 Hz, 2 channels"));
        float[] together = wavSamples(dir.resolve("all.wav"));
        int at = 0;
        for (int i = 0; i < singles.size(); i++) {
            float[] single = singles.get(i);
            for (int j = 0; j < single.length; j++) {
                assertEquals("input " + i + ", sample " + j, single[j], together[at + j], 0f);
            }
            at += single.length;
        }
        assertEquals("nothing after the last input", at, together.length);
        assertEquals(2, kithara("decode", inputs.get(0), inputs.get(1), "-o", dir.resolve("x.wav").toString(),
                "--start", "1").exitCode());
    }

    @Test
    public void decodeWritesWavOrRawSamplesToStandardOutput() throws Exception {
        String flac = Path.of(System.getProperty("kithara.testdata"), "sine1k-1s.flac").toString();
        Path dir = Files.createTempDirectory("kithara-stdout-it");
        assertEquals(0, kithara("decode", flac, "-o", dir.resolve("file.wav").toString(), "--format", "s16").exitCode());
        byte[] file = Files.readAllBytes(dir.resolve("file.wav"));
        Run wav = kithara("decode", flac, "-o", "-", "--format", "s16");
        assertEquals(wav.err(), 0, wav.exitCode());
        assertTrue(wav.err(), wav.err().contains("wrote standard output: 44100 Hz, 2 channels, 1.000 s, s16"));
        assertTrue("no file named -", !Files.exists(Path.of("-")));
        byte[] piped = wav.outBytes();
        assertEquals(file.length, piped.length);
        assertEquals("RIFF", new String(piped, 0, 4, StandardCharsets.ISO_8859_1));
        assertEquals("unknown size on a pipe", -1, ByteBuffer.wrap(piped).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(40));
        assertTrue("the same samples as the file", java.util.Arrays.equals(file, 44, file.length, piped, 44, piped.length));
        Run raw = kithara("decode", flac, "-o", "-", "--format", "s16", "--raw");
        assertEquals(raw.err(), 0, raw.exitCode());
        byte[] samples = raw.outBytes();
        assertEquals(file.length - 44, samples.length);
        assertTrue(java.util.Arrays.equals(file, 44, file.length, samples, 0, samples.length));
    }

    @Test
    public void aFailedDecodePrintsOneLineNamingTheInputOnceAndCachesNothing() throws Exception {
        Path dir = Files.createTempDirectory("kithara-failure-it");
        Path garbage = dir.resolve("garbage.mp3");
        byte[] noise = new byte[20_000];
        new java.util.Random(3).nextBytes(noise);
        Files.write(garbage, noise);
        for (String decoder : List.of("ffmpeg", "gstreamer")) {
            if (decoder.equals("gstreamer") && !kithara("version").out().contains("  gstreamer ")) {
                continue; // the platform decoder is not installed here
            }
            Run run = kithara("decode", garbage.toString(), "-o", dir.resolve("g.wav").toString(), "--decoder", decoder);
            assertEquals(decoder + ": " + run.err(), 4, run.exitCode());
            assertEquals(decoder + ": one line: " + run.err(), 1, run.err().lines().count());
            String line = run.err().strip();
            String uri = garbage.toUri().toString();
            assertEquals(line, line.indexOf(uri), line.lastIndexOf(uri));
        }
        // a fetch that fails before any media byte (nothing listens on the port) leaves no asset behind
        Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString());
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run refused = kithara(env, "decode", "http://127.0.0.1:" + port + "/song.mp3", "-o", dir.resolve("r.wav").toString());
        assertEquals(refused.err(), 3, refused.exitCode());
        assertEquals(refused.err(), 1, refused.err().lines().count());
        Run ls = kithara(env, "cache", "ls");
        assertEquals(ls.err(), 0, ls.exitCode());
        assertTrue(ls.out(), !ls.out().contains("song.mp3") && ls.out().contains("0 assets"));
    }

    @Test
    public void unknownCommandsAndOptionsAreUsageErrors() throws Exception {
        for (String[] args : new String[][] {{"frobnicate"}, {"--frobnicate"}, {"version", "--frobnicate"}}) {
            Run run = kithara(args);
            assertEquals(String.join(" ", args) + ": " + run.err(), 2, run.exitCode());
            String firstLine = run.err().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
            assertTrue(run.err(), firstLine.contains("frobnicate"));
            assertEquals("one line that points at the help: " + run.err(), 1, run.err().lines().count());
            assertTrue(run.err(), firstLine.contains("(see 'kithara "));
        }
        Run none = kithara();
        assertEquals(2, none.exitCode());
        assertTrue(none.err(), none.err().contains("Usage: kithara"));
    }
}
