package kithara.decoder.hw.gstreamer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderException;
import kithara.api.decode.DecoderException.Reason;
import kithara.api.decode.DecoderInput;
import kithara.api.decode.PcmChunk;
import kithara.api.media.ChannelLayout;
import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;

/**
 * A GStreamer pipeline decoding one input: {@code appsrc} in random-access mode reads the {@link DecoderInput} on
 * GStreamer's streaming thread, {@code decodebin} picks the platform's decoder, {@code audioconvert} makes
 * interleaved float32 at the native rate, {@code appsink} hands it over. The PCM is put on FFmpeg's timeline: frame
 * 0 is the first frame of a decode from the start, and an MP3's encoder delay and padding (LAME tag, which
 * GStreamer ignores) and an MP4's edit list (which GStreamer applies a sample late, dropping the last frame: it gets
 * one that keeps every frame, see {@link Mp4Edit}) are cut as FFmpeg cuts them, so that swapping decoders mid-stream
 * neither jumps nor repeats.
 */
final class GstDecoder implements Decoder {

    private static final String PIPELINE = "appsrc name=src format=bytes stream-type=random-access ! decodebin"
            + " ! audioconvert ! audio/x-raw,format=F32LE,layout=interleaved ! appsink name=sink sync=false max-buffers=8";
    private static final long PREROLL_TIMEOUT_NANOS = 10_000_000_000L;
    private static final long PULL_NANOS = 100_000_000L;
    /** How long a pipeline may produce nothing, with no error and not at its end, before it counts as stuck. */
    private static final long STALL_NANOS = 60_000_000_000L;
    private static final int READ_SIZE = 64 * 1024;
    /** Decoding starts this much before a seek target, so that codecs with memory converge. */
    private static final Duration SEEK_PRE_ROLL = Duration.ofMillis(200);

    private final Gst gst;
    private final DecoderInput input;
    private final Optional<Mp4Edit> edit;
    /** Whether GStreamer's own seeks land right: not in AAC, whose seeks now and then end or give other audio. */
    private final boolean seeksLand;
    /** What to cut; an MP4 edit's is known with the rate, at the first PCM. */
    private Gapless gapless;
    /** The running pipeline; a seek to the start replaces it. */
    private Pipeline pipe;
    private final Gst.SourceCallbacks callbacks = new Gst.SourceCallbacks();
    private final Memory readMap = new Memory(Gst.MAP_INFO_SIZE);
    private final Memory writeMap = new Memory(Gst.MAP_INFO_SIZE);
    private final byte[] readBuffer = new byte[READ_SIZE];
    private volatile IOException inputFailure;

    private PcmSpec spec;
    private MediaInfo mediaInfo;
    private float[] samples = new float[0];
    /** PTS of frame 0 of the decoder's own output, before the encoder delay is cut. */
    private long originNanos = -1;
    private long nextFrame;
    /** The next frame of GStreamer's output, counted from its first (before the encoder delay is cut). */
    private long rawNext;
    /** Whether the next buffer's PTS places it (the first one, and the first after a seek). */
    private boolean positionFromPts = true;
    private long discardUntilFrame = -1;
    private PcmChunk pending;
    private boolean ended;
    private boolean closed;

    private GstDecoder(Gst gst, DecoderInput input, Gapless gapless, Optional<Mp4Edit> edit, boolean seeksLand)
            throws DecoderException {
        this.gst = gst;
        this.input = input;
        this.gapless = gapless;
        this.edit = edit;
        this.seeksLand = seeksLand;
        this.pipe = Pipeline.build(gst, input.describe());
    }

    /** A parsed {@link #PIPELINE} and the elements this decoder talks to. */
    private record Pipeline(Gst gst, Pointer bin, Pointer src, Pointer sink, Pointer bus) {

        static Pipeline build(Gst gst, String name) throws DecoderException {
            PointerByReference error = new PointerByReference();
            Pointer bin = gst.core.gst_parse_launch(PIPELINE, error);
            if (bin == null) {
                throw new DecoderException(Reason.NATIVE, name, "?", "GStreamer pipeline: " + gst.takeError(error.getValue()), null);
            }
            return new Pipeline(gst, bin, gst.core.gst_bin_get_by_name(bin, "src"), gst.core.gst_bin_get_by_name(bin, "sink"),
                    gst.core.gst_element_get_bus(bin));
        }

        /** Stops it (its threads end: no callback runs after it) and frees it. */
        void free() {
            gst.core.gst_element_set_state(bin, Gst.STATE_NULL);
            gst.core.gst_object_unref(bus);
            gst.core.gst_object_unref(sink);
            gst.core.gst_object_unref(src);
            gst.core.gst_object_unref(bin);
        }
    }

    /**
     * Builds the pipeline on {@code input}, prerolls it and reads the first PCM to learn the format. On failure
     * everything is freed and {@code input} is closed.
     *
     * @throws DecoderException UNSUPPORTED_CODEC when no installed plugin decodes it, UNSUPPORTED_CONTAINER for an
     *                          input read in order, INPUT when the bytes failed
     */
    static GstDecoder open(Gst gst, DecoderInput input, MediaInfo hint) throws IOException {
        if (!input.isSeekable()) {
            input.close();
            throw new DecoderException(Reason.UNSUPPORTED_CONTAINER, input.describe(), hint.codec().map(Enum::name).orElse("?"),
                    "the GStreamer backend reads random-access inputs only (appsrc random-access, the LAME tag read first)",
                    null);
        }
        GstDecoder d = null;
        try {
            boolean mp4 = hint.container().filter(c -> c == ContainerFormat.MP4).isPresent();
            Optional<Mp4Edit> edit = mp4 ? Mp4Edit.find(input) : Optional.empty();
            d = new GstDecoder(gst, input, Gapless.of(input, hint), edit, !mp4);
            d.start(hint);
            return d;
        } catch (IOException | RuntimeException e) {
            if (d != null) {
                d.close();
            } else {
                input.close();
            }
            throw e;
        }
    }

    private void start(MediaInfo hint) throws IOException {
        callbacks.need_data = (s, length, userData) -> feed(s, length);
        callbacks.enough_data = (s, userData) -> { };
        callbacks.seek_data = (s, offset, userData) -> moveInput(offset);
        callbacks.write();
        play();
        pending = pull().orElseThrow(() -> new DecoderException(Reason.CORRUPT_DATA, input.describe(), "?",
                "GStreamer produced no audio", null));
        MediaInfo known = hint.codec().isPresent() ? hint
                : hint.container().flatMap(GstBackend::codecOf).map(hint::withCodec).orElse(hint);
        mediaInfo = known.withPcm(spec);
        if (mediaInfo.duration().isEmpty()) {
            Optional<Duration> length = gapless.frames() >= 0 ? Optional.of(spec.durationOf(gapless.frames())) : queriedDuration();
            mediaInfo = length.map(mediaInfo::withDuration).orElse(mediaInfo);
        }
    }

    /** The length GStreamer knows (FLAC's STREAMINFO, an MP3's Xing frames or its bitrate, Ogg's last granule). */
    private Optional<Duration> queriedDuration() {
        LongByReference nanos = new LongByReference();
        return gst.core.gst_element_query_duration(pipe.bin(), Gst.FORMAT_TIME, nanos) && nanos.getValue() > 0
                ? Optional.of(Duration.ofNanos(nanos.getValue())) : Optional.empty();
    }

    /** Connects the input to the pipeline's appsrc and plays it from the input's start. */
    private void play() throws DecoderException {
        gst.app.gst_app_src_set_size(pipe.src(), input.length().orElse(-1));
        gst.app.gst_app_src_set_callbacks(pipe.src(), callbacks, null, null);
        if (gst.core.gst_element_set_state(pipe.bin(), Gst.STATE_PAUSED) == Gst.STATE_CHANGE_FAILURE
                || gst.core.gst_element_get_state(pipe.bin(), null, null, PREROLL_TIMEOUT_NANOS) == Gst.STATE_CHANGE_FAILURE) {
            throw failure("cannot decode it", Reason.UNSUPPORTED_CODEC);
        }
        gst.core.gst_element_set_state(pipe.bin(), Gst.STATE_PLAYING);
    }

    /**
     * Streaming thread: pushes the next bytes of the input, or the end. A pull in random-access mode wants exactly
     * {@code length} bytes (fewer only at the end: qtdemux takes a short {@code moov} for a truncated file).
     */
    private void feed(Pointer appsrc, int length) {
        try {
            int want = length <= 0 ? READ_SIZE : length;
            byte[] bytes = want <= readBuffer.length ? readBuffer : new byte[want];
            long at = input.position();
            int n = 0;
            while (n < want) {
                int got = input.read(ByteBuffer.wrap(bytes, n, want - n));
                if (got < 0) {
                    break;
                }
                n += got;
            }
            if (n == 0) {
                gst.app.gst_app_src_end_of_stream(appsrc);
                return;
            }
            if (edit.isPresent()) {
                edit.get().rewrite(at, bytes, n);
            }
            Pointer buffer = gst.core.gst_buffer_new_allocate(null, n, null);
            gst.core.gst_buffer_map(buffer, writeMap, Gst.MAP_WRITE);
            writeMap.getPointer(Gst.MAP_INFO_DATA).write(0, bytes, 0, n);
            gst.core.gst_buffer_unmap(buffer, writeMap);
            gst.app.gst_app_src_push_buffer(appsrc, buffer);
        } catch (IOException e) {
            inputFailure = e;
            gst.app.gst_app_src_end_of_stream(appsrc);
        }
    }

    /** Streaming thread: moves the input for a seek of appsrc. */
    private boolean moveInput(long offset) {
        try {
            input.seek(offset);
            return true;
        } catch (IOException e) {
            inputFailure = e;
            return false;
        }
    }

    /** Pulls the next sample and turns it into a chunk on our timeline; empty at the end. */
    private Optional<PcmChunk> pull() throws IOException {
        long stalledSince = System.nanoTime();
        while (true) {
            if (closed) {
                throw new DecoderException(Reason.INPUT, input.describe(), "?", "decoder is closed", null);
            }
            Pointer sample = gst.app.gst_app_sink_try_pull_sample(pipe.sink(), PULL_NANOS);
            if (sample == null) {
                if (System.nanoTime() - stalledSince > STALL_NANOS) {
                    // the input's own reads time out sooner: a pipeline silent this long is stuck, not waiting for bytes
                    throw new DecoderException(Reason.NATIVE, input.describe(), "?", "GStreamer produced nothing for "
                            + STALL_NANOS / 1_000_000_000L + " s without an error or the end", null);
                }
                if (inputFailure != null) {
                    throw new DecoderException(Reason.INPUT, input.describe(), "?", "the input failed", inputFailure);
                }
                String error = busError();
                if (error != null) {
                    throw new DecoderException(Reason.CORRUPT_DATA, input.describe(), "?", "GStreamer: " + error, null);
                }
                if (gst.app.gst_app_sink_is_eos(pipe.sink())) {
                    return Optional.empty();
                }
                continue;
            }
            try {
                Optional<PcmChunk> chunk = convert(sample);
                if (chunk.isPresent()) {
                    return chunk;
                }
            } finally {
                gst.core.gst_mini_object_unref(sample);
            }
        }
    }

    private Optional<PcmChunk> convert(Pointer sample) throws DecoderException {
        if (spec == null) {
            spec = specOf(sample);
            if (edit.isPresent()) {
                gapless = edit.get().gapless(spec.sampleRate());
            }
        }
        Pointer buffer = gst.core.gst_sample_get_buffer(sample);
        long pts = buffer.getLong(Gst.BUFFER_PTS);
        if (!gst.core.gst_buffer_map(buffer, readMap, Gst.MAP_READ)) {
            throw new DecoderException(Reason.NATIVE, input.describe(), "?", "cannot map a GStreamer buffer", null);
        }
        try {
            int channels = spec.channels();
            int frames = (int) (readMap.getLong(Gst.MAP_INFO_BYTES) / 4 / channels);
            if (frames == 0) {
                return Optional.empty();
            }
            if (originNanos < 0) {
                originNanos = pts == Gst.CLOCK_TIME_NONE ? 0 : pts;
            }
            if (positionFromPts && pts != Gst.CLOCK_TIME_NONE) {
                rawNext = Math.round((pts - originNanos) * (double) spec.sampleRate() / 1e9);
            }
            positionFromPts = false;
            long start = rawNext - gapless.delay(); // counted, not from each PTS: nanosecond PTS would round to gaps and overlaps
            rawNext += frames;
            int skip = (int) Math.max(0, Math.max(-start, discardUntilFrame - start));
            long end = start + frames;
            if (gapless.frames() >= 0) {
                end = Math.min(end, gapless.frames());
            }
            if (start + skip >= end) {
                nextFrame = Math.max(nextFrame, end);
                return Optional.empty();
            }
            int kept = (int) (end - start - skip);
            if (samples.length < kept * channels) {
                samples = new float[kept * channels];
            }
            readMap.getPointer(Gst.MAP_INFO_DATA).read((long) skip * channels * 4, samples, 0, kept * channels);
            discardUntilFrame = -1;
            nextFrame = start + skip + kept;
            return Optional.of(new PcmChunk(spec, start + skip, samples, kept));
        } finally {
            gst.core.gst_buffer_unmap(buffer, readMap);
        }
    }

    private PcmSpec specOf(Pointer sample) throws DecoderException {
        Pointer structure = gst.core.gst_caps_get_structure(gst.core.gst_sample_get_caps(sample), 0);
        IntByReference rate = new IntByReference();
        IntByReference channels = new IntByReference();
        if (!gst.core.gst_structure_get_int(structure, "rate", rate) || !gst.core.gst_structure_get_int(structure, "channels", channels)) {
            throw new DecoderException(Reason.NATIVE, input.describe(), "?", "GStreamer's audio has no rate or channels", null);
        }
        return new PcmSpec(rate.getValue(), channels.getValue(), ChannelLayout.defaultFor(channels.getValue()));
    }

    private String busError() {
        Pointer message = gst.core.gst_bus_pop_filtered(pipe.bus(), Gst.MESSAGE_ERROR);
        if (message == null) {
            return null;
        }
        PointerByReference error = new PointerByReference();
        PointerByReference debug = new PointerByReference();
        gst.core.gst_message_parse_error(message, error, debug);
        String text = gst.takeError(error.getValue());
        gst.glib.g_free(debug.getValue());
        gst.core.gst_mini_object_unref(message);
        return text;
    }

    private DecoderException failure(String what, Reason reason) {
        if (inputFailure != null) {
            return new DecoderException(Reason.INPUT, input.describe(), "?", "the input failed", inputFailure);
        }
        String error = busError();
        return new DecoderException(reason, input.describe(), "?", what + (error == null ? "" : ": " + error), null);
    }

    @Override
    public PcmSpec spec() {
        return spec;
    }

    @Override
    public MediaInfo mediaInfo() {
        return mediaInfo;
    }

    @Override
    public Optional<Duration> duration() {
        return mediaInfo.duration();
    }

    @Override
    public Optional<PcmChunk> next() throws IOException {
        if (pending != null) {
            PcmChunk first = pending;
            pending = null;
            return Optional.of(first);
        }
        if (ended) {
            return Optional.empty();
        }
        Optional<PcmChunk> chunk = pull();
        ended = chunk.isEmpty();
        return chunk;
    }

    /**
     * Seeks the pipeline (flushing, accurate) a little before {@code position} and discards up to it; near the start,
     * and in AAC, it starts the pipeline again instead (a seek there costs decoding up to the target).
     */
    @Override
    public void seek(Duration position) throws IOException {
        if (position.isNegative()) {
            throw new DecoderException(Reason.SEEK, input.describe(), "?", "negative position " + position, null);
        }
        long target = spec.framesIn(position);
        Duration from = spec.durationOf(target + gapless.delay()).minus(SEEK_PRE_ROLL);
        if (from.isNegative() || !seeksLand) {
            // near the start, decoders with priming (Opus pre-skip, AAC) restart differently after a flushing seek to 0
            // than from the start of the stream; AAC's seeks now and then end the stream or give other audio at the
            // right timestamp.
            // There the pipeline starts again as it first did and decodes up to the target.
            restart();
        } else {
            // paused first, so that nothing decoded before the seek is still on its way to the sink when it flushes
            gst.core.gst_element_set_state(pipe.bin(), Gst.STATE_PAUSED);
            gst.core.gst_element_get_state(pipe.bin(), null, null, PREROLL_TIMEOUT_NANOS);
            if (!gst.core.gst_element_seek_simple(pipe.bin(), Gst.FORMAT_TIME, Gst.SEEK_FLAG_FLUSH | Gst.SEEK_FLAG_ACCURATE,
                    originNanos + from.toNanos())) {
                throw failure("cannot seek to " + position, Reason.SEEK);
            }
            gst.core.gst_element_get_state(pipe.bin(), null, null, PREROLL_TIMEOUT_NANOS);
            gst.core.gst_element_set_state(pipe.bin(), Gst.STATE_PLAYING);
        }
        pending = null;
        ended = false;
        positionFromPts = true;
        discardUntilFrame = target;
        nextFrame = target;
    }

    /** Replaces the pipeline by a new one playing from the input's start. */
    private void restart() throws IOException {
        Pipeline old = pipe;
        pipe = null;
        old.free();
        input.seek(0);
        pipe = Pipeline.build(gst, input.describe());
        play();
        positionFromPts = true;
    }

    @Override
    public Duration position() {
        return spec.durationOf(Math.max(0, discardUntilFrame >= 0 ? discardUntilFrame : pending != null ? pending.startFrame()
                : nextFrame));
    }

    @Override
    public Duration origin() {
        return Duration.ofNanos(Math.max(0, originNanos));
    }

    /** Stops the pipeline (its threads end: no callback runs after it), frees it and closes the input. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (pipe != null) {
            pipe.free();
        }
        input.close();
    }

    @Override
    public String toString() {
        return "GstDecoder[" + spec + ", " + input.describe() + "]";
    }
}
