package kithara.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** The {@code kithara:} Gogo commands in the framework's own shell: same arguments and output as the command line. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT {

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        // the command line runs without a shell: Gogo is what a container adds
        return LauncherBundleSet.options("org.apache.felix.gogo.runtime");
    }

    /** Runs one command line in a new Gogo session and returns what it printed. */
    private String shell(String command) throws Exception {
        ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(context, CommandProcessor.class, null);
        tracker.open();
        try {
            CommandProcessor processor = tracker.waitForService(30_000);
            assertNotNull("Gogo runs", processor);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
            try {
                Object result = session.execute(command);
                if (result != null) {
                    out.println(result);
                }
            } finally {
                session.close();
            }
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            tracker.close();
        }
    }

    private static String fixture(String name) {
        return Paths.get(System.getProperty("kithara.testdata")).resolve(name).toString();
    }

    @Test
    public void decodeWritesTheWavFileTheCommandLineWrites() throws Exception {
        Path wav = Files.createTempFile("kithara-shell", ".wav");
        String out = shell("kithara:decode " + fixture("sine440-2s.m4a") + " -o " + wav + " --format s16");
        assertTrue(out, out.contains("wrote " + wav + ": 44100 Hz, 2 channels, 2.000 s, s16"));
        assertEquals(44 + 88200 * 2 * 2, Files.size(wav));
    }

    @Test
    public void infoListStatsAndCacheAnswer() throws Exception {
        String info = shell("kithara:info " + fixture("sine1k-1s.flac") + " --json");
        assertTrue(info, info.contains("\"codec\":\"flac\"") && info.contains("\"sampleRate\":44100"));
        String list = shell("kithara:list");
        assertTrue(list, list.contains("no open resources"));
        String stats = shell("kithara:stats");
        assertTrue(stats, stats.contains("downloads") && stats.contains("cache") && stats.contains("ffmpeg")
                && stats.contains("resources   0 open"));
        String cache = shell("kithara:cache size");
        assertTrue("cache size prints the size", !cache.isBlank());
    }

    @Test
    public void queueCommandsAddListPlayIntoAFileAndClear() throws Exception {
        String flac = fixture("sine1k-1s.flac");
        String m4a = fixture("sine440-2s.m4a");
        String added = shell("kithara:queue add " + flac + " " + m4a);
        assertTrue(added, added.contains("added 2 items, 2 in the queue"));
        Exception refused = assertThrows(Exception.class, () -> shell("kithara:queue add " + flac + " ftp://host/x.mp3"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("unsupported URI scheme 'ftp:' in ftp://host/x.mp3"));
        String list = shell("kithara:queue list");
        assertTrue(list, list.contains("2 items, not playing") && list.contains("  1 " + Paths.get(flac).normalize().toUri())
                && list.contains("  2 " + Paths.get(m4a).normalize().toUri()));

        Path wav = Files.createTempFile("kithara-queue", ".wav");
        String playing = shell("kithara:queue play " + wav);
        assertTrue(playing, playing.contains("playing to " + wav));
        // the player's thread runs in this JVM: it ends once the queue ended and the file is complete
        for (Thread player : Thread.getAllStackTraces().keySet()) {
            if (player.getName().startsWith("kithara-player-")) {
                player.join(TimeUnit.SECONDS.toMillis(30));
                assertTrue("the queue plays to its end within 30 s", !player.isAlive());
            }
        }
        assertTrue(shell("kithara:queue list").contains("not playing"));
        // 1 s and 2 s back to back, nothing inserted or lost, as 32-bit float stereo
        assertEquals(44 + (44100 + 88200) * 2 * 4, Files.size(wav));

        assertTrue(shell("kithara:queue clear").contains("the queue is empty"));
        assertTrue(shell("kithara:queue list").contains("0 items, not playing"));
        Exception unknown = assertThrows(Exception.class, () -> shell("kithara:queue shuffle"));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("unknown action 'shuffle'"));
    }
}
