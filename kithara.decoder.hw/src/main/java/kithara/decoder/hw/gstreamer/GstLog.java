package kithara.decoder.hw.gstreamer;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends GStreamer's debug log and GLib's messages to SLF4J (logger {@value #LOGGER}) instead of the process's stderr:
 * GStreamer's default log function is removed and its threshold follows the logger's level (unless {@code GST_DEBUG}
 * is set, which the user then owns): errors and warnings as error and warn, its INFO as debug, its DEBUG as trace; GLib's error/critical, warning, message/info and debug levels map to SLF4J's
 * error, warn, info and debug. The callbacks are installed once per process and never freed: GStreamer and GLib may
 * call them from any thread until the process ends.
 */
final class GstLog {

    /** The SLF4J logger that receives GStreamer's and GLib's lines. */
    static final String LOGGER = "kithara.gstreamer";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private static final int GST_LEVEL_NONE = 0;
    private static final int GST_LEVEL_ERROR = 1;
    private static final int GST_LEVEL_WARNING = 2;
    private static final int GST_LEVEL_INFO = 4;
    private static final int GST_LEVEL_DEBUG = 5;

    private static final int G_LOG_LEVEL_ERROR = 1 << 2;
    private static final int G_LOG_LEVEL_CRITICAL = 1 << 3;
    private static final int G_LOG_LEVEL_WARNING = 1 << 4;
    private static final int G_LOG_LEVEL_INFO = 1 << 6;

    /** The debug functions of libgstreamer-1.0. */
    interface Debug extends Library {
        void gst_debug_remove_log_function(Pointer defaultWhenNull);

        void gst_debug_add_log_function(LogFunction function, Pointer userData, Pointer destroyNotify);

        void gst_debug_set_default_threshold(int level);

        String gst_debug_message_get(Pointer message);

        String gst_debug_category_get_name(Pointer category);
    }

    /** GLib's default log handler. */
    interface GLibLog extends Library {
        Pointer g_log_set_default_handler(GLogFunction function, Pointer userData);
    }

    /** GstLogFunction. */
    interface LogFunction extends Callback {
        void invoke(Pointer category, int level, String file, String function, int line, Pointer object,
                    Pointer message, Pointer userData);
    }

    /** GLogFunc. */
    interface GLogFunction extends Callback {
        void invoke(String domain, int flags, String message, Pointer userData);
    }

    // held for the life of the process: native code keeps calling them
    private static LogFunction gstFunction;
    private static GLogFunction glibFunction;

    private GstLog() {
    }

    /** Installs both bridges once; called right after {@code gst_init}. */
    static synchronized void install() {
        if (gstFunction != null) {
            return;
        }
        Debug debug = Native.load(Gst.CORE_LIBRARY, Debug.class);
        GLibLog glib = Native.load(Gst.GLIB_LIBRARY, GLibLog.class);
        gstFunction = (category, level, file, function, line, object, message, userData) -> {
            try {
                String text = debug.gst_debug_category_get_name(category) + ": " + debug.gst_debug_message_get(message);
                logGst(level, text);
            } catch (RuntimeException e) {
                // nothing may unwind into GStreamer's C frames
            }
        };
        glibFunction = (domain, flags, message, userData) -> {
            try {
                logGLib(flags, (domain == null ? "glib" : domain) + ": " + message);
            } catch (RuntimeException e) {
                // nothing may unwind into GLib's C frames
            }
        };
        debug.gst_debug_remove_log_function(null);
        debug.gst_debug_add_log_function(gstFunction, null, null);
        if (System.getenv("GST_DEBUG") == null) {
            debug.gst_debug_set_default_threshold(threshold());
        }
        glib.g_log_set_default_handler(glibFunction, null);
    }

    /**
     * GStreamer's INFO and DEBUG are developer detail (hundreds of lines per pipeline): they map one SLF4J level
     * down, to debug and trace; its errors and warnings map to error and warn.
     */
    private static int threshold() {
        if (LOG.isTraceEnabled()) {
            return GST_LEVEL_DEBUG;
        }
        if (LOG.isDebugEnabled()) {
            return GST_LEVEL_INFO;
        }
        if (LOG.isWarnEnabled()) {
            return GST_LEVEL_WARNING;
        }
        return LOG.isErrorEnabled() ? GST_LEVEL_ERROR : GST_LEVEL_NONE;
    }

    private static void logGst(int level, String text) {
        if (level <= GST_LEVEL_ERROR) {
            LOG.error(text);
        } else if (level <= GST_LEVEL_WARNING) {
            LOG.warn(text);
        } else if (level <= GST_LEVEL_INFO) {
            LOG.debug(text);
        } else {
            LOG.trace(text);
        }
    }

    private static void logGLib(int flags, String text) {
        if ((flags & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) != 0) {
            LOG.error(text);
        } else if ((flags & G_LOG_LEVEL_WARNING) != 0) {
            LOG.warn(text);
        } else if ((flags & G_LOG_LEVEL_INFO) != 0 || (flags & (1 << 5)) != 0) {
            LOG.info(text);
        } else {
            LOG.debug(text);
        }
    }
}
