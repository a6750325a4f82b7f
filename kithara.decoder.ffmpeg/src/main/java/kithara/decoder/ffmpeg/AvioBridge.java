package kithara.decoder.ffmpeg;

import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXTERNAL;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

import kithara.api.decode.DecoderInput;

/**
 * An {@link AVIOContext} whose read and seek callbacks pull from a {@link DecoderInput}: the only way
 * FFmpeg gets bytes. The callbacks are static single instances (each JavaCPP callback owns a native
 * thunk) that find their bridge through an id passed as FFmpeg's {@code opaque} pointer.
 *
 * <p>A failure of the input cannot cross the native boundary: the callback stores it, returns an
 * FFmpeg error code, and the decoder rethrows it from {@link #failure()}.
 */
final class AvioBridge implements AutoCloseable {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int AVSEEK_SIZE = 0x10000;
    private static final int AVSEEK_FORCE = 0x20000;
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;

    private static final Map<Long, AvioBridge> OPEN = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    private static final Read_packet_Pointer_BytePointer_int READ = new Read_packet_Pointer_BytePointer_int() {
        @Override
        public int call(Pointer opaque, BytePointer buf, int size) {
            AvioBridge bridge = OPEN.get(new LongPointer(opaque).get(0));
            return bridge == null ? AVERROR_EXIT : bridge.read(buf, size);
        }
    };

    private static final Seek_Pointer_long_int SEEK = new Seek_Pointer_long_int() {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            AvioBridge bridge = OPEN.get(new LongPointer(opaque).get(0));
            return bridge == null ? AVERROR_EXIT : bridge.seek(offset, whence);
        }
    };

    private final DecoderInput input;
    private final long id;
    private final LongPointer opaque;
    private final AVIOContext context;
    private IOException failure;

    AvioBridge(DecoderInput input) {
        this.input = input;
        this.id = IDS.incrementAndGet();
        this.opaque = new LongPointer(1).put(0, id);
        BytePointer buffer = new BytePointer(av_malloc(BUFFER_SIZE)).capacity(BUFFER_SIZE);
        this.context = avio_alloc_context(buffer, BUFFER_SIZE, 0, opaque, READ, null,
                input.isSeekable() ? SEEK : null);
        if (context == null || context.isNull()) {
            av_free(buffer);
            opaque.close();
            throw new OutOfMemoryError("avio_alloc_context failed for " + input.describe());
        }
        OPEN.put(id, this);
    }

    /** The bridges open in this class loader (each holds native memory until closed): for leak checks. */
    static int openCount() {
        return OPEN.size();
    }

    /** Returns the context to hand to FFmpeg as {@code AVFormatContext.pb}. */
    AVIOContext context() {
        return context;
    }

    /** Returns the first failure of the input seen by a callback, if any. */
    Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    private int read(BytePointer buf, int size) {
        if (failure != null) {
            return AVERROR_EXTERNAL;
        }
        try {
            ByteBuffer dst = buf.position(0).capacity(size).limit(size).asByteBuffer();
            int n = input.read(dst);
            return n < 0 ? AVERROR_EOF : n;
        } catch (InterruptedIOException e) {
            failure = e;
            Thread.currentThread().interrupt();
            return AVERROR_EXIT;
        } catch (IOException | RuntimeException | Error e) { // nothing may unwind into FFmpeg's C frames
            failure = e instanceof IOException io ? io : new IOException(e);
            return AVERROR_EXTERNAL;
        }
    }

    private long seek(long offset, int whence) {
        try {
            OptionalLong length = input.length();
            if ((whence & AVSEEK_SIZE) != 0) {
                return length.orElse(-1);
            }
            long target;
            switch (whence & ~AVSEEK_FORCE) {
                case SEEK_SET: target = offset; break;
                case SEEK_CUR: target = input.position() + offset; break;
                case SEEK_END:
                    if (length.isEmpty()) {
                        return -1;
                    }
                    target = length.getAsLong() + offset;
                    break;
                default: return -1;
            }
            if (target < 0) {
                return -1;
            }
            input.seek(target);
            return target;
        } catch (IOException | RuntimeException | Error e) {
            failure = e instanceof IOException io ? io : new IOException(e);
            return AVERROR_EXTERNAL;
        }
    }

    /** Frees the context and its buffer (FFmpeg may have replaced the buffer) and unregisters. Idempotent. */
    @Override
    public void close() {
        if (OPEN.remove(id) == null) {
            return;
        }
        av_free(context.buffer());
        context.buffer(null);
        avio_context_free(context);
        opaque.close();
    }
}
