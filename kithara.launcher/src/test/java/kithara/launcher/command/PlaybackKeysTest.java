package kithara.launcher.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** What the keys of {@code kithara play} do, fed from bytes as a terminal in non-canonical mode sends them. */
class PlaybackKeysTest {

    private static PlaybackKeys pressed(String keys) {
        PlaybackKeys k = PlaybackKeys.inert();
        k.read(new ByteArrayInputStream(keys.getBytes()));
        return k;
    }

    @Test
    void spacePausesAndResumes() {
        assertTrue(pressed(" ").isPaused());
        assertFalse(pressed("  ").isPaused());
    }

    @Test
    void nAndPSkipForwardAndBack() throws InterruptedException {
        assertEquals(2, pressed("nnx").takeSkips());
        assertEquals(-1, pressed("nxpp").takeSkips());
        PlaybackKeys k = pressed(" n");
        assertFalse(k.waitWhilePaused(), "a skip wakes a paused player");
        assertEquals(1, k.takeSkips());
        assertEquals(0, k.takeSkips(), "a skip is taken once");
    }

    @Test
    void arrowsAndLettersSeekInSteps() {
        assertEquals(Duration.ofSeconds(20), pressed("\u001b[C\u001b[Cx").takeSeek());
        assertEquals(Duration.ofSeconds(-10), pressed("\u001b[Dfb").takeSeek());
        PlaybackKeys k = pressed("f");
        k.takeSeek();
        assertEquals(Duration.ZERO, k.takeSeek(), "a seek is taken once");
    }

    @Test
    void qQuitsEvenWhenPaused() throws InterruptedException {
        PlaybackKeys k = pressed(" q");
        assertTrue(k.quit());
        assertTrue(k.waitWhilePaused(), "a paused player stops at once");
    }
}
