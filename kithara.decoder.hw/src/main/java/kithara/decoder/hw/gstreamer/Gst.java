package kithara.decoder.hw.gstreamer;

import java.util.List;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few functions of GStreamer 1.x, its app library and GLib that the decoder calls, through JNA, and their
 * constants. Loaded by exact library name; {@link #load} fails with the reason where GStreamer is missing.
 */
final class Gst {

    static final int STATE_NULL = 1;
    static final int STATE_PAUSED = 3;
    static final int STATE_PLAYING = 4;
    static final int STATE_CHANGE_FAILURE = 0;
    static final int FORMAT_TIME = 3;
    static final int SEEK_FLAG_FLUSH = 1;
    static final int SEEK_FLAG_ACCURATE = 2;
    static final int MESSAGE_ERROR = 2;
    static final int MAP_READ = 1;
    static final int MAP_WRITE = 2;
    /** sizeof(GstMapInfo) on LP64, and its {@code data} and {@code size} fields. */
    static final int MAP_INFO_SIZE = 128;
    static final int MAP_INFO_DATA = 16;
    static final int MAP_INFO_BYTES = 24;
    /** Offset of {@code pts} in GstBuffer on LP64 (after the 64-byte GstMiniObject and the pool pointer). */
    static final int BUFFER_PTS = 72;
    static final long CLOCK_TIME_NONE = -1L;

    /** libgstreamer-1.0. */
    interface Core extends Library {
        void gst_init(Pointer argc, Pointer argv);

        String gst_version_string();

        Pointer gst_parse_launch(String description, PointerByReference error);

        Pointer gst_bin_get_by_name(Pointer bin, String name);

        void gst_util_set_object_arg(Pointer object, String name, String value);

        int gst_element_set_state(Pointer element, int state);

        int gst_element_get_state(Pointer element, IntByReference state, IntByReference pending, long timeoutNanos);

        boolean gst_element_seek_simple(Pointer element, int format, int flags, long position);

        boolean gst_element_query_duration(Pointer element, int format, LongByReference duration);

        Pointer gst_element_get_bus(Pointer element);

        Pointer gst_bus_pop_filtered(Pointer bus, int types);

        void gst_message_parse_error(Pointer message, PointerByReference error, PointerByReference debug);

        Pointer gst_buffer_new_allocate(Pointer allocator, long size, Pointer params);

        boolean gst_buffer_map(Pointer buffer, Pointer mapInfo, int flags);

        void gst_buffer_unmap(Pointer buffer, Pointer mapInfo);

        Pointer gst_sample_get_buffer(Pointer sample);

        Pointer gst_sample_get_caps(Pointer sample);

        Pointer gst_caps_get_structure(Pointer caps, int index);

        boolean gst_structure_get_int(Pointer structure, String field, IntByReference value);

        Pointer gst_element_factory_find(String name);

        String gst_element_factory_get_metadata(Pointer factory, String key);

        void gst_mini_object_unref(Pointer object);

        void gst_object_unref(Pointer object);
    }

    /** libgstapp-1.0. */
    interface App extends Library {
        void gst_app_src_set_size(Pointer src, long size);

        void gst_app_src_set_callbacks(Pointer src, SourceCallbacks callbacks, Pointer userData, Pointer notify);

        int gst_app_src_push_buffer(Pointer src, Pointer buffer);

        int gst_app_src_end_of_stream(Pointer src);

        Pointer gst_app_sink_try_pull_sample(Pointer sink, long timeoutNanos);

        boolean gst_app_sink_is_eos(Pointer sink);
    }

    /** libglib-2.0. */
    interface GLib extends Library {
        void g_error_free(Pointer error);

        void g_free(Pointer memory);
    }

    /** appsrc asks for bytes. */
    interface NeedData extends Callback {
        void invoke(Pointer src, int length, Pointer userData);
    }

    /** appsrc has enough queued. */
    interface EnoughData extends Callback {
        void invoke(Pointer src, Pointer userData);
    }

    /** appsrc moves to a byte offset (random-access mode). */
    interface SeekData extends Callback {
        boolean invoke(Pointer src, long offset, Pointer userData);
    }

    /** GstAppSrcCallbacks; appsrc copies it, the Callback objects must stay reachable while the pipeline lives. */
    public static final class SourceCallbacks extends Structure {
        public NeedData need_data;
        public EnoughData enough_data;
        public SeekData seek_data;
        public Pointer[] _gst_reserved = new Pointer[4];

        @Override
        protected List<String> getFieldOrder() {
            return List.of("need_data", "enough_data", "seek_data", "_gst_reserved");
        }
    }

    final Core core;
    final App app;
    final GLib glib;

    private Gst(Core core, App app, GLib glib) {
        this.core = core;
        this.app = app;
        this.glib = glib;
    }

    /**
     * The libraries by their sonames, the same in every GStreamer 1.x and GLib 2.x: the dynamic linker finds them in its
     * cache at once, where a bare name ("gstreamer-1.0") made JNA try a development symlink in every library folder
     * first, then match versions by itself.
     */
    static final String CORE_LIBRARY = "libgstreamer-1.0.so.0";
    static final String APP_LIBRARY = "libgstapp-1.0.so.0";
    static final String GLIB_LIBRARY = "libglib-2.0.so.0";

    private static Gst loaded;

    /**
     * Loads the libraries and initializes GStreamer once per process (it is never deinitialized: GStreamer cannot
     * be initialized twice).
     *
     * @throws UnsatisfiedLinkError when a library is missing
     */
    static synchronized Gst load() {
        if (loaded == null) {
            Core core = Native.load(CORE_LIBRARY, Core.class);
            App app = Native.load(APP_LIBRARY, App.class);
            GLib glib = Native.load(GLIB_LIBRARY, GLib.class);
            core.gst_init(null, null);
            GstLog.install();
            loaded = new Gst(core, app, glib);
        }
        return loaded;
    }

    /** Returns a GError's message and frees it. */
    String takeError(Pointer error) {
        if (error == null) {
            return "unknown error";
        }
        String message = error.getPointer(8).getString(0); // GError { GQuark domain; gint code; gchar *message; }
        glib.g_error_free(error);
        return message;
    }

    /** Returns the klass of an installed element factory (e.g. {@code Codec/Decoder/Audio/Hardware}); empty when absent. */
    String klassOf(String name) {
        Pointer factory = core.gst_element_factory_find(name);
        if (factory == null) {
            return "";
        }
        try {
            return String.valueOf(core.gst_element_factory_get_metadata(factory, "klass"));
        } finally {
            core.gst_object_unref(factory);
        }
    }

    /** Returns whether an element factory is installed (a plugin of the pipeline). */
    boolean hasElement(String name) {
        Pointer factory = core.gst_element_factory_find(name);
        if (factory == null) {
            return false;
        }
        core.gst_object_unref(factory);
        return true;
    }
}
