package kithara.protocol.hls;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import kithara.api.net.Downloader;

/**
 * Keeps a live stream's playlist current: reloads the playing variant's playlist after its
 * {@linkplain VariantTrack#reloadDelay() reload delay}, again and again, whatever each reload's outcome, until the stream
 * has no live variant playing (it closed, or the playlist ended) or {@link #cancel}. Each outcome goes to the stream,
 * with the failures in a row; the {@value #MAX_FAILURES}th in a row is fatal.
 */
final class LiveReloader {

    /** Failures in a row after which the stream cannot go on. */
    static final int MAX_FAILURES = 5;

    /** What the reloader asks and tells its stream. */
    interface Stream {
        /** The variant playing now while the stream is open and that variant's playlist is live; empty stops reloading. */
        Optional<VariantTrack> liveTrack();

        /**
         * A reload of {@code track} ended: {@code failure} is empty when it worked; {@code inARow} counts the failures up
         * to this one (0 after a success), and {@code fatal} says it reached {@link #MAX_FAILURES}.
         */
        void reloaded(VariantTrack track, Optional<Throwable> failure, int inARow, boolean fatal);
    }

    private final Downloader downloader;
    private final PlaylistTrust trust;
    private final ScheduledExecutorService scheduler;
    private final Stream stream;
    private final Object lock = new Object();
    private ScheduledFuture<?> next;
    private int failures;
    private boolean cancelled;

    LiveReloader(Downloader downloader, PlaylistTrust trust, ScheduledExecutorService scheduler, Stream stream) {
        this.downloader = downloader;
        this.trust = trust;
        this.scheduler = scheduler;
        this.stream = stream;
    }

    /** Schedules the first reload, when a live variant plays. */
    void start() {
        scheduleNext();
    }

    /** Stops reloading; a reload under way still reports its outcome. */
    void cancel() {
        synchronized (lock) {
            cancelled = true;
            if (next != null) {
                next.cancel(false);
            }
        }
    }

    private void scheduleNext() {
        Optional<VariantTrack> track = stream.liveTrack();
        synchronized (lock) {
            if (cancelled || track.isEmpty()) {
                return;
            }
            next = scheduler.schedule(() -> reload(track.get()), track.get().reloadDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void reload(VariantTrack track) {
        track.load(downloader, trust).whenComplete((changed, error) -> {
            try {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                int inARow;
                synchronized (lock) {
                    failures = cause == null ? 0 : failures + 1;
                    inARow = failures;
                }
                stream.reloaded(track, Optional.ofNullable(cause), inARow, inARow >= MAX_FAILURES);
            } finally {
                scheduleNext(); // whatever happened above, a live stream keeps reloading
            }
        });
    }
}
