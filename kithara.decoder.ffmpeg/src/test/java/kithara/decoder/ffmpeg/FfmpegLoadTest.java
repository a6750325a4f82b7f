package kithara.decoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import kithara.api.decode.DecoderException;

class FfmpegLoadTest {

    @Test
    void callersWaitForTheBackgroundLoadAndThenGoOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FfmpegLoad load = FfmpegLoad.inBackground(() -> {
            release.await();
            return "FFmpeg test";
        });
        CompletableFuture<String> published = new CompletableFuture<>();
        load.whenDone((library, failure) -> published.complete(library));
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try {
                load.await("a.flac");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(!waiter.isDone() && !published.isDone(), "nobody goes on before the load ends");
        release.countDown();
        waiter.get(10, TimeUnit.SECONDS);
        assertEquals("FFmpeg test", published.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aFailedLoadIsATypedNativeErrorNamingTheInputForEveryCaller() throws Exception {
        UnsatisfiedLinkError missing = new UnsatisfiedLinkError("no jniavcodec in java.library.path");
        FfmpegLoad load = FfmpegLoad.inBackground(() -> {
            throw missing;
        });
        CompletableFuture<Throwable> reported = new CompletableFuture<>();
        load.whenDone((library, failure) -> reported.complete(failure));
        assertSame(missing, reported.get(10, TimeUnit.SECONDS));
        for (int caller = 0; caller < 2; caller++) {
            DecoderException e = assertThrows(DecoderException.class, () -> load.await("http://host/a.mp3"));
            assertEquals(DecoderException.Reason.NATIVE, e.reason());
            assertEquals("http://host/a.mp3", e.input());
            assertTrue(e.getMessage().contains("no jniavcodec"), e.getMessage());
        }
    }
}
