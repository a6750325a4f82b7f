package kithara.decoder.ffmpeg;

/**
 * Collapses a run of identical log lines: the first is passed on, the repeats are counted, and when a different line
 * arrives a summary ({@code "last message repeated N times"}) precedes it. Thread-safe; lines from several threads
 * interleave as they arrive, as in FFmpeg's own default logger.
 */
final class RepeatFilter {

    /** Receives the lines that pass. */
    @FunctionalInterface
    interface Sink {
        void emit(int level, String message);
    }

    private int lastLevel;
    private String last;
    private int repeats;

    /** Passes {@code message} on unless it repeats the previous one. */
    synchronized void accept(int level, String message, Sink sink) {
        if (level == lastLevel && message.equals(last)) {
            repeats++;
            return;
        }
        if (repeats > 0) {
            sink.emit(lastLevel, "last message repeated " + repeats + (repeats == 1 ? " time" : " times"));
        }
        lastLevel = level;
        last = message;
        repeats = 0;
        sink.emit(level, message);
    }
}
