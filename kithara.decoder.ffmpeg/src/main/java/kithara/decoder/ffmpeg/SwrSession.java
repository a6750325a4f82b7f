package kithara.decoder.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_double;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_int;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_close;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import java.io.IOException;
import java.util.Optional;

import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import kithara.api.decode.PcmChunk;
import kithara.api.dsp.ResampleQuality;
import kithara.api.dsp.ResamplerSession;
import kithara.api.media.PcmSpec;

/**
 * One libswresample conversion between interleaved float32 specs. The filter state carries over from chunk to
 * chunk; {@link #flush()} drains what the filter still holds. Output chunks are numbered on the output
 * rate's timeline, starting at the first input chunk's position. Buffers are reused.
 */
final class SwrSession implements ResamplerSession {

    private final PcmSpec input;
    private final PcmSpec output;
    private final SwrContext swr;
    private final AVChannelLayout inLayout = new AVChannelLayout();
    private final AVChannelLayout outLayout = new AVChannelLayout();
    private final PointerPointer<FloatPointer> inPtr = new PointerPointer<>(1L);
    private final PointerPointer<FloatPointer> outPtr = new PointerPointer<>(1L);
    private FloatPointer inBuffer = new FloatPointer(0L);
    private FloatPointer outBuffer = new FloatPointer(0L);
    private float[] out = new float[0];
    private long nextOutputFrame = -1;
    private boolean closed;

    SwrSession(PcmSpec input, PcmSpec output, ResampleQuality quality) throws IOException {
        this.input = input;
        this.output = output;
        av_channel_layout_default(inLayout, input.channels());
        av_channel_layout_default(outLayout, output.channels());
        PointerPointer<SwrContext> created = new PointerPointer<SwrContext>(1L).put(0, (Pointer) null);
        try {
            int r = swr_alloc_set_opts2(created, outLayout, AV_SAMPLE_FMT_FLT, output.sampleRate(), inLayout,
                    AV_SAMPLE_FMT_FLT, input.sampleRate(), 0, null);
            if (r < 0) {
                freeLayouts();
                throw new IOException("swresample cannot convert " + input + " to " + output + ": " + FfmpegErrors.describe(r));
            }
            swr = created.get(SwrContext.class, 0);
        } finally {
            created.close();
        }
        configure(quality);
        int r = swr_init(swr);
        if (r < 0) {
            close();
            throw new IOException("swresample cannot convert " + input + " to " + output + ": " + FfmpegErrors.describe(r));
        }
    }

    /** Maps a quality level to the filter length, phase resolution, cutoff and Kaiser window of swresample. */
    private void configure(ResampleQuality quality) {
        int filterSize;
        int phaseShift;
        double cutoff;
        double kaiserBeta;
        switch (quality) {
            case FAST -> { filterSize = 8; phaseShift = 6; cutoff = 0.80; kaiserBeta = 6; }
            case NORMAL -> { filterSize = 32; phaseShift = 10; cutoff = 0.91; kaiserBeta = 9; }
            case HIGH -> { filterSize = 64; phaseShift = 14; cutoff = 0.93; kaiserBeta = 12; }
            default -> { filterSize = 128; phaseShift = 16; cutoff = 0.96; kaiserBeta = 14; }
        }
        av_opt_set_int(swr, "filter_size", filterSize, 0);
        av_opt_set_int(swr, "phase_shift", phaseShift, 0);
        av_opt_set_int(swr, "linear_interp", 1, 0);
        av_opt_set_int(swr, "exact_rational", 1, 0);
        av_opt_set_double(swr, "cutoff", cutoff, 0);
        av_opt_set_double(swr, "kaiser_beta", kaiserBeta, 0);
    }

    @Override
    public PcmSpec input() {
        return input;
    }

    @Override
    public PcmSpec output() {
        return output;
    }

    @Override
    public Optional<PcmChunk> process(PcmChunk in) throws IOException {
        ensureOpen();
        if (in.spec().sampleRate() != input.sampleRate() || in.spec().channels() != input.channels()) {
            throw new IllegalArgumentException("chunk of " + in.spec() + " given to a session for " + input);
        }
        if (nextOutputFrame < 0) {
            nextOutputFrame = in.startFrame() * output.sampleRate() / input.sampleRate();
        }
        if (inBuffer.capacity() < in.sampleCount()) {
            inBuffer.close();
            inBuffer = new FloatPointer((long) in.sampleCount());
            inPtr.put(0, inBuffer);
        }
        inBuffer.position(0).put(in.samples(), 0, in.sampleCount());
        return convert(inPtr, in.frames());
    }

    @Override
    public Optional<PcmChunk> flush() throws IOException {
        ensureOpen();
        return nextOutputFrame < 0 ? Optional.empty() : convert(null, 0);
    }

    private Optional<PcmChunk> convert(PointerPointer<FloatPointer> in, int frames) throws IOException {
        int room = swr_get_out_samples(swr, frames);
        if (room <= 0) {
            return Optional.empty();
        }
        int samples = room * output.channels();
        if (outBuffer.capacity() < samples) {
            outBuffer.close();
            outBuffer = new FloatPointer((long) samples);
            outPtr.put(0, outBuffer);
            out = new float[samples];
        }
        int got = swr_convert(swr, outPtr, room, in, frames);
        if (got < 0) {
            throw new IOException("swresample failed converting " + input + " to " + output + ": " + FfmpegErrors.describe(got));
        }
        if (got == 0) {
            return Optional.empty();
        }
        outBuffer.position(0).get(out, 0, got * output.channels());
        PcmChunk chunk = new PcmChunk(output, nextOutputFrame, out, got);
        nextOutputFrame += got;
        return Optional.of(chunk);
    }

    @Override
    public void reset() {
        if (!closed) {
            swr_close(swr);
            swr_init(swr);
            nextOutputFrame = -1;
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("resampler session " + input + " -> " + output + " is closed");
        }
    }

    private void freeLayouts() {
        av_channel_layout_uninit(inLayout);
        av_channel_layout_uninit(outLayout);
        inLayout.close();
        outLayout.close();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        swr_free(swr);
        freeLayouts();
        inPtr.close();
        outPtr.close();
        inBuffer.close();
        outBuffer.close();
    }
}
