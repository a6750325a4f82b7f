package kithara.decoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import kithara.api.decode.DecoderException;
import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;
import kithara.testkit.MemoryInput;

/** Bad input ends in a typed DecoderException naming the input, or in PCM: never a crash, a hang or another exception. */
class BadInputTest {

    private static final long BOUND_SECONDS = 20;
    private static ExecutorService worker;

    @BeforeAll
    static void setup() {
        FfmpegNatives.load("test");
        worker = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void teardown() {
        worker.shutdownNow();
    }

    /** Decodes {@code bytes} completely within the bound; returns the frames, or rethrows a DecoderException. */
    private static long decodeWithinBound(byte[] bytes, MediaInfo hint) throws Exception {
        Future<Long> f = worker.submit(() -> {
            try (FfmpegDecoder d = FfmpegDecoder.open(new MemoryInput(bytes, true, Long.MAX_VALUE), hint)) {
                return (long) Fixtures.drain(d).frames();
            }
        });
        try {
            return f.get(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("decoding did not end within " + BOUND_SECONDS + " s", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof DecoderException de) {
                throw de;
            }
            throw new AssertionError("not a DecoderException: " + e.getCause(), e.getCause());
        }
    }

    @Test
    void emptyInputIsAnUnsupportedContainer() {
        DecoderException e = assertThrows(DecoderException.class, () -> decodeWithinBound(new byte[0], MediaInfo.UNKNOWN));
        assertEquals(DecoderException.Reason.UNSUPPORTED_CONTAINER, e.reason());
        assertTrue(e.getMessage().contains("memory:0B"), e.getMessage());
    }

    @Test
    void aWrongContainerHintIsATypedError() throws Exception {
        byte[] mp3 = Fixtures.bytes("mp3.mp3");
        DecoderException e = assertThrows(DecoderException.class,
                () -> decodeWithinBound(mp3, MediaInfo.UNKNOWN.withContainer(ContainerFormat.FLAC)));
        assertTrue(e.getMessage().contains("memory:"), e.getMessage());
    }

    @Test
    void truncatedFilesDecodeWhatIsThereOrFailTyped() throws Exception {
        int halvesWithAudio = 0;
        List<String> names = allFixtures();
        for (String name : names) {
            byte[] whole = Fixtures.bytes(name);
            long full = decodeWithinBound(whole, MediaInfo.UNKNOWN);
            for (int keep : new int[] {whole.length / 2, whole.length / 10, 64}) {
                try {
                    long frames = decodeWithinBound(Arrays.copyOf(whole, keep), MediaInfo.UNKNOWN);
                    // what is there: never more than the whole file holds (one frame of slack for codec padding)
                    assertTrue(frames >= 0 && frames <= full + 4096, name + " cut to " + keep + " bytes gave " + frames
                            + " frames of " + full);
                    if (keep == whole.length / 2 && frames > 0) {
                        halvesWithAudio++;
                    }
                } catch (DecoderException typed) {
                    assertTrue(typed.getMessage().contains("memory:"), "names the input: " + typed.getMessage());
                }
            }
        }
        assertTrue(halvesWithAudio >= names.size() / 2, "most files cut in half still decode their first half: "
                + halvesWithAudio + " of " + names.size());
    }

    @Test
    void playlistsAndConcatScriptsCannotMakeFfmpegOpenFiles() {
        for (String script : List.of("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:///etc/hostname\n#EXT-X-ENDLIST\n",
                "ffconcat version 1.0\nfile /etc/hostname\n", "[playlist]\nFile1=/etc/hostname\nNumberOfEntries=1\n")) {
            DecoderException e = assertThrows(DecoderException.class,
                    () -> decodeWithinBound(script.getBytes(StandardCharsets.UTF_8), MediaInfo.UNKNOWN), script);
            assertEquals(DecoderException.Reason.UNSUPPORTED_CONTAINER, e.reason(), script);
        }
    }

    /** 500 fixtures with random bytes overwritten: PCM or a typed error, every time, in bounded time. */
    @Test
    void fiveHundredMutatedFixtures() throws Exception {
        Random random = new Random(2026);
        List<String> names = allFixtures();
        int typed = 0;
        for (int i = 0; i < 500; i++) {
            String name = names.get(i % names.size());
            byte[] bytes = Fixtures.bytes(name);
            int flips = 1 + random.nextInt(40);
            for (int k = 0; k < flips; k++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                decodeWithinBound(bytes, MediaInfo.UNKNOWN);
            } catch (DecoderException e) {
                typed++;
                if (!e.getMessage().contains("memory:")) {
                    fail("the error does not name the input: " + e.getMessage());
                }
            }
        }
        assertTrue(typed < 500, "most mutations still decode: " + typed + " typed errors");
    }

    private static List<String> allFixtures() {
        List<String> names = new ArrayList<>(Fixtures.LOSSLESS);
        names.addAll(Fixtures.LOSSY);
        return names;
    }
}
