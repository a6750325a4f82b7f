package kithara.decoder.ffmpeg;

import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

import kithara.api.decode.DecoderException;

/**
 * Loading FFmpeg's natives, done once on a thread of its own so that the bundle starts at once and the load
 * (a fifth of a second: JavaCPP's classes and a dozen shared libraries) overlaps whatever starts next. The
 * provider and the resampler wait for it on first use, at most {@value #LOAD_TIMEOUT_SECONDS} s.
 */
final class FfmpegLoad {

    /** The longest a first use waits for the load; a load that takes longer is reported as failed. */
    static final long LOAD_TIMEOUT_SECONDS = 60;

    private final CompletableFuture<String> library;

    private FfmpegLoad(CompletableFuture<String> library) {
        this.library = library;
    }

    /**
     * Starts {@code loading} on a daemon thread that ends when it does.
     *
     * @param loading loads the natives and describes them, as {@link FfmpegNatives#load} does
     */
    static FfmpegLoad inBackground(Callable<String> loading) {
        CompletableFuture<String> library = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                library.complete(loading.call());
            } catch (Exception | LinkageError e) { // UnsatisfiedLinkError and friends: kept for every waiting caller
                library.completeExceptionally(e);
            }
        }, "kithara-ffmpeg-load");
        loader.setDaemon(true);
        loader.start();
        return new FfmpegLoad(library);
    }

    /** Loads on the calling thread (tests and benchmarks); throws what loading throws. */
    static FfmpegLoad now(String javacppVersion) {
        return new FfmpegLoad(CompletableFuture.completedFuture(FfmpegNatives.load(javacppVersion)));
    }

    /** Calls {@code action} with the library's description or the load's failure once loading ends. */
    void whenDone(BiConsumer<String, Throwable> action) {
        library.whenComplete((description, failure) ->
                action.accept(description, failure == null ? null : unwrap(failure)));
    }

    /**
     * Waits for the load.
     *
     * @param input what the caller is about to decode or convert, named in the error
     * @throws DecoderException ({@code NATIVE}) when FFmpeg could not be loaded on this platform or in time
     * @throws InterruptedIOException when the waiting thread is interrupted
     */
    void await(String input) throws DecoderException, InterruptedIOException {
        try {
            library.get(LOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for FFmpeg to load, for " + input);
        } catch (ExecutionException e) {
            throw new DecoderException(DecoderException.Reason.NATIVE, input, "unknown",
                    "FFmpeg cannot be loaded on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                            + ": " + unwrap(e), unwrap(e));
        } catch (TimeoutException e) {
            throw new DecoderException(DecoderException.Reason.NATIVE, input, "unknown",
                    "FFmpeg did not finish loading within " + LOAD_TIMEOUT_SECONDS + " s", e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return (failure instanceof ExecutionException || failure instanceof CompletionException)
                && failure.getCause() != null ? failure.getCause() : failure;
    }
}
