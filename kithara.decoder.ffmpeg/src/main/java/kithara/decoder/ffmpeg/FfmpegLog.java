package kithara.decoder.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_TRACE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import java.util.regex.Pattern;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends FFmpeg's {@code av_log} output to SLF4J (logger {@value #LOGGER}) instead of the process's stderr: FFmpeg's
 * error, warning, info, verbose/debug and trace levels map to SLF4J's error, warn, info, debug and trace; the
 * context's address is dropped ({@code [mp3float @ 0x7f..] Header missing} becomes {@code mp3float: Header
 * missing}) and a run of identical lines is logged once, followed by how often it repeated. FFmpeg formats only the
 * levels the logger has enabled, so a quiet logger costs nothing.
 *
 * <p>The callback is process-wide (FFmpeg has one) and installed once per class loader; it is never freed, since
 * FFmpeg may call it from any thread until the process ends.
 */
final class FfmpegLog {

    /** The SLF4J logger that receives FFmpeg's lines. */
    static final String LOGGER = "kithara.ffmpeg";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Pattern CONTEXT = Pattern.compile("^\\[(\\S+) @ 0x[0-9a-fA-F]+\\] ");
    private static final RepeatFilter REPEATS = new RepeatFilter();
    private static Callback callback;

    private FfmpegLog() {
    }

    /** Installs the bridge (once) and sets FFmpeg's level to the most detailed one the logger has enabled. */
    static synchronized void install() {
        if (callback == null) {
            callback = new Callback();
            setLogCallback(callback);
        }
        av_log_set_level(ffmpegLevel());
    }

    private static int ffmpegLevel() {
        if (LOG.isTraceEnabled()) {
            return AV_LOG_TRACE;
        }
        if (LOG.isDebugEnabled()) {
            return AV_LOG_DEBUG;
        }
        if (LOG.isInfoEnabled()) {
            return AV_LOG_INFO;
        }
        if (LOG.isWarnEnabled()) {
            return AV_LOG_WARNING;
        }
        return LOG.isErrorEnabled() ? AV_LOG_ERROR : AV_LOG_QUIET;
    }

    /** Rewrites one formatted FFmpeg line: no trailing newline, the context named without its address. */
    static String clean(String line) {
        String trimmed = line.strip();
        return CONTEXT.matcher(trimmed).replaceFirst("$1: ");
    }

    static void log(int level, String line) {
        String message = clean(line);
        if (message.isEmpty()) {
            return;
        }
        REPEATS.accept(level, message, FfmpegLog::emit);
    }

    private static void emit(int level, String message) {
        if (level <= AV_LOG_ERROR) {
            LOG.error(message);
        } else if (level <= AV_LOG_WARNING) {
            LOG.warn(message);
        } else if (level <= AV_LOG_INFO) {
            LOG.info(message);
        } else if (level <= AV_LOG_DEBUG) {
            LOG.debug(message);
        } else {
            LOG.trace(message);
        }
    }

    /** The native-facing callback; JavaCPP calls it with a line FFmpeg has already formatted. */
    private static final class Callback extends LogCallback {
        @Override
        public void call(int level, BytePointer line) {
            try {
                log(level, line.getString());
            } catch (RuntimeException e) {
                // an exception must never travel back into FFmpeg's C code
            }
        }
    }
}
