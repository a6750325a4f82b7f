package kithara.decoder.ffmpeg;

import static kithara.decoder.ffmpeg.FfmpegErrors.EAGAIN;
import static kithara.decoder.ffmpeg.FfmpegErrors.check;
import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntFunction;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderException;
import kithara.api.decode.DecoderException.Reason;
import kithara.api.decode.DecoderInput;
import kithara.api.decode.PcmChunk;
import kithara.api.media.ChannelLayout;
import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;

/**
 * Decodes the best audio stream of a {@link DecoderInput} with libavformat and libavcodec and converts each
 * frame to interleaved float32 at its native rate with libswresample. FFmpeg reads only through an
 * {@link AvioBridge} and may open no protocol and no demuxer outside {@link CodecMapping#DEMUXER_WHITELIST}.
 *
 * <p>Timeline: frame 0 is the first frame a decode from the start returns (encoder delay already removed by
 * FFmpeg from MP4 edit lists, LAME headers and Opus pre-skip); MP4's end padding is cut at the stream's
 * duration where the input is seekable (FFmpeg then reads the whole index). Seeks are sample-accurate: see {@link #seek}. The float buffers are reused from chunk to chunk.
 */
final class FfmpegDecoder implements Decoder {

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegDecoder.class);
    /** Undecodable packets in a row after which the stream counts as corrupt. */
    private static final int MAX_BAD_PACKETS_IN_A_ROW = 32;
    /** The farthest a seek forward decodes on instead of seeking the container, in seconds. */
    private static final int FORWARD_DECODE_SECONDS = 5;

    private final DecoderInput input;
    private final AVInputFormat demuxer;
    private final MediaInfo mediaInfo;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();
    private DemuxedStream stream;
    private final AVRational timeBase;
    /** Frames decoded before the target of a container seek, so that codecs with memory converge. */
    private final int prerollFrames;
    /** Whether packet timestamps resolve single samples (Matroska's milliseconds do not). */
    private final boolean exactTimestamps;
    /** The stream's true length in frames when the container states it exactly (MP4), else -1. */
    private final long totalFrames;

    private SwrContext converter;
    private final AVChannelLayout converterLayout = new AVChannelLayout();
    private int converterRate;
    private int converterFormat = -1;
    private PcmSpec spec;
    /** {@link #next()}'s array, sized for the largest chunk so far; {@link #nextInto} does not need one. */
    private float[] samples = new float[0];
    private final IntFunction<float[]> ownArray = this::ownArray;
    private FloatPointer nativeSamples = new FloatPointer(0L);
    private final PointerPointer<FloatPointer> nativeOut = new PointerPointer<>(1L);

    /** Timestamp of frame 0 of the timeline; unknown until the first frame of a decode from the start. */
    private long originPts = AV_NOPTS_VALUE;
    private long nextFrame;
    /** Encoder delay still in the PCM; -1 until the first packet shows whether the container trims it. */
    private int untrimmedDelay = -1;
    private long discardUntilFrame = -1;
    /** Whether the next frame's position comes from its timestamp (right after a container seek). */
    private boolean positionFromTimestamp;
    private int badPacketsInARow;
    private long skippedPackets;
    private boolean draining;
    private boolean ended;
    private boolean closed;

    private FfmpegDecoder(DecoderInput input, DemuxedStream stream, PcmSpec spec) {
        this.input = input;
        this.stream = stream;
        this.demuxer = stream.format.iformat();
        AVStream audio = stream.stream();
        this.timeBase = new AVRational().num(audio.time_base().num()).den(audio.time_base().den());
        int rate = spec.sampleRate();
        this.spec = spec;
        this.prerollFrames = CodecMapping.prerollFrames(stream.codec.codec_id(), rate);
        this.exactTimestamps = (long) timeBase.num() * rate <= timeBase.den();
        // read in order, a fragmented MP4's duration so far is that of its first fragment, not where it ends
        this.totalFrames = input.isSeekable() && stream.demuxerName().startsWith("mov") && audio.duration() > 0
                && audio.duration() != AV_NOPTS_VALUE ? av_rescale_q(audio.duration(), timeBase, av_make_q(1, rate)) : -1;
        this.mediaInfo = describe(stream);
    }

    /**
     * Probes {@code input} and opens a decoder on its best audio stream. On failure everything allocated is
     * freed and {@code input} is closed.
     *
     * @param hint a known container skips probing
     * @throws DecoderException naming the input: UNSUPPORTED_CONTAINER, UNSUPPORTED_CODEC, CORRUPT_DATA or INPUT
     */
    static FfmpegDecoder open(DecoderInput input, MediaInfo hint) throws IOException {
        try {
            AVInputFormat demuxer = hint.container().map(c -> av_find_input_format(CodecMapping.demuxerOf(c)))
                    .orElse(null);
            DemuxedStream stream = DemuxedStream.open(input, demuxer);
            try {
                PcmSpec spec = specOf(stream, input.describe());
                LOG.debug("opened {}: {} in {}", input.describe(), stream.codecName, stream.demuxerName());
                return new FfmpegDecoder(input, stream, spec);
            } catch (IOException | RuntimeException | Error e) {
                stream.close();
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            input.close();
            throw e;
        }
    }

    /** The stream's PCM spec; a rate or channel count outside what the engine carries is UNSUPPORTED_CODEC. */
    private static PcmSpec specOf(DemuxedStream stream, String input) throws DecoderException {
        int rate = stream.codec.sample_rate();
        int channels = stream.codec.ch_layout().nb_channels();
        if (rate > PcmSpec.MAX_SAMPLE_RATE || channels > PcmSpec.MAX_CHANNELS) {
            throw new DecoderException(Reason.UNSUPPORTED_CODEC, input, stream.codecName, rate + " Hz, " + channels
                    + " channels: at most " + PcmSpec.MAX_SAMPLE_RATE + " Hz and " + PcmSpec.MAX_CHANNELS + " channels",
                    null);
        }
        return new PcmSpec(rate, channels, ChannelLayout.defaultFor(channels));
    }

    private MediaInfo describe(DemuxedStream s) {
        MediaInfo info = MediaInfo.UNKNOWN.withPcm(spec);
        info = CodecMapping.codecOf(s.codec.codec_id(), s.codec.profile()).map(info::withCodec).orElse(info);
        info = CodecMapping.containerOf(s.demuxerName()).map(info::withContainer).orElse(info);
        long bitrate = s.stream().codecpar().bit_rate() > 0 ? s.stream().codecpar().bit_rate() : s.format.bit_rate();
        if (bitrate > 0 && bitrate <= Integer.MAX_VALUE) {
            info = info.withBitrate((int) bitrate);
        }
        if (totalFrames >= 0) {
            info = info.withDuration(spec.durationOf(totalFrames));
        } else if (s.format.duration() != AV_NOPTS_VALUE && s.format.duration() > 0) {
            info = info.withDuration(Duration.ofNanos(s.format.duration() * 1000L));
        }
        return info;
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
    public Duration origin() {
        if (originPts == AV_NOPTS_VALUE) {
            return Duration.ZERO;
        }
        long originFrame = framesOf(originPts) - Math.max(0, untrimmedDelay);
        return Duration.ofNanos(Math.round(originFrame * 1e9 / spec.sampleRate()));
    }

    /** Whether the container asks the decoder to drop samples (an MP4 edit list, Ogg pre-skip): the delay is trimmed. */
    private static boolean containerTrims(AVPacket p) {
        Pointer skip = av_packet_get_side_data(p, AV_PKT_DATA_SKIP_SAMPLES, (SizeTPointer) null);
        return skip != null && !skip.isNull();
    }

    @Override
    public Duration position() {
        return spec.durationOf(discardUntilFrame >= 0 ? discardUntilFrame : nextFrame);
    }

    /** Decodes into the decoder's own array, valid until the next call. */
    @Override
    public Optional<PcmChunk> next() throws IOException {
        return nextInto(ownArray);
    }

    /** Decodes straight into the caller's array: the samples go from FFmpeg's converter there, with no copy between. */
    @Override
    public Optional<PcmChunk> nextInto(IntFunction<float[]> arrays) throws IOException {
        ensureOpen();
        while (!ended) {
            if (totalFrames >= 0 && nextFrame >= totalFrames && !positionFromTimestamp) {
                ended = true;
                break;
            }
            int r = avcodec_receive_frame(stream.codec, frame);
            if (r >= 0) {
                Optional<PcmChunk> chunk = convert(arrays);
                av_frame_unref(frame);
                if (chunk.isPresent()) {
                    return chunk;
                }
            } else if (r == AVERROR_EOF) {
                ended = true;
            } else if (r == EAGAIN) {
                feedDecoder();
            } else {
                countBadPacket("avcodec_receive_frame", r);
            }
        }
        return Optional.empty();
    }

    /** Sends the next packet of our stream to the decoder, or the flush packet at the end of the input. */
    private void feedDecoder() throws IOException {
        while (true) {
            int r = av_read_frame(stream.format, packet);
            if (r < 0) {
                if (stream.io.failure().isPresent() || r != AVERROR_EOF) {
                    throw stream.failure(Reason.CORRUPT_DATA, input.describe(), "av_read_frame", r);
                }
                if (!draining) {
                    draining = true;
                    avcodec_send_packet(stream.codec, null);
                }
                return;
            }
            try {
                if (packet.stream_index() != stream.index) {
                    continue;
                }
                if (untrimmedDelay < 0) {
                    untrimmedDelay = containerTrims(packet) ? 0 : CodecMapping.untrimmedEncoderDelay(
                            stream.codec.codec_id(), stream.codec.profile(), stream.demuxerName());
                }
                r = avcodec_send_packet(stream.codec, packet);
                if (r < 0 && r != EAGAIN) {
                    countBadPacket("avcodec_send_packet", r);
                    continue;
                }
                badPacketsInARow = 0;
                return;
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private void countBadPacket(String call, int code) throws DecoderException {
        badPacketsInARow++;
        skippedPackets++;
        if (skippedPackets == 1) {
            LOG.warn("{}: skipping undecodable data at {} ({}: {}); further skips are logged at debug level",
                    input.describe(), position(), call, FfmpegErrors.describe(code));
        } else {
            LOG.debug("{}: skipping undecodable data at {} ({}: {})", input.describe(), position(), call,
                    FfmpegErrors.describe(code));
        }
        if (badPacketsInARow >= MAX_BAD_PACKETS_IN_A_ROW) {
            throw new DecoderException(Reason.CORRUPT_DATA, input.describe(), stream.codecName,
                    badPacketsInARow + " undecodable packets in a row, last " + call + ": " + FfmpegErrors.describe(code),
                    null);
        }
    }

    /** Converts the current frame into an array from {@code arrays}; returns empty when none of it is to be delivered. */
    private Optional<PcmChunk> convert(IntFunction<float[]> arrays) throws DecoderException {
        configureConverter();
        int frames = frame.nb_samples();
        int channels = spec.channels();
        ensureCapacity(frames * channels);
        int got = check(swr_convert(converter, nativeOut, frames, frame.extended_data(), frames), "swr_convert",
                Reason.NATIVE, input.describe(), stream.codecName);
        if (got == 0) {
            return Optional.empty();
        }
        long pts = frame.best_effort_timestamp();
        if (originPts == AV_NOPTS_VALUE && !positionFromTimestamp && nextFrame == 0) {
            originPts = pts;
        }
        long start = nextFrame;
        if (positionFromTimestamp) {
            positionFromTimestamp = false;
            start = pts == AV_NOPTS_VALUE ? nextFrame : toFrames(pts);
        }
        int skip = 0;
        if (discardUntilFrame >= 0) {
            if (start + got <= discardUntilFrame) {
                nextFrame = start + got;
                return Optional.empty();
            }
            skip = (int) Math.max(0, discardUntilFrame - start);
            discardUntilFrame = -1;
        }
        if (totalFrames >= 0 && start + got > totalFrames) {
            got = (int) Math.max(skip, totalFrames - start); // encoder padding past the true end
        }
        nextFrame = start + got;
        if (got - skip <= 0) {
            return Optional.empty();
        }
        int count = (got - skip) * channels;
        float[] out = arrays.apply(count);
        nativeSamples.position((long) skip * channels).get(out, 0, count);
        return Optional.of(new PcmChunk(spec, start + skip, out, got - skip));
    }

    private long toFrames(long pts) {
        return framesOf(pts - originPts);
    }

    /**
     * {@code ticks} of the stream's time base in frames, rounded as FFmpeg's {@code av_rescale_q} rounds (to the
     * nearest, halves away from zero). In Java: per chunk, FFmpeg's own would allocate two native rationals.
     */
    private long framesOf(long ticks) {
        long b = (long) timeBase.num() * spec.sampleRate();
        long c = timeBase.den();
        try {
            long product = Math.multiplyExact(Math.abs(ticks), b);
            long rounded = (product + c / 2) / c;
            return ticks < 0 ? -rounded : rounded;
        } catch (ArithmeticException overflow) {
            long rounded = BigInteger.valueOf(Math.abs(ticks)).multiply(BigInteger.valueOf(b)).add(BigInteger.valueOf(c / 2))
                    .divide(BigInteger.valueOf(c)).longValueExact();
            return ticks < 0 ? -rounded : rounded;
        }
    }

    /** (Re)creates the float converter when the frame's rate, sample format or channel count changed. */
    private void configureConverter() throws DecoderException {
        int rate = frame.sample_rate();
        int sampleFormat = frame.format();
        int channels = frame.ch_layout().nb_channels();
        if (converter != null && rate == converterRate && sampleFormat == converterFormat
                && channels == converterLayout.nb_channels()) {
            return;
        }
        freeConverter();
        if (frame.ch_layout().order() == AV_CHANNEL_ORDER_UNSPEC) {
            av_channel_layout_default(converterLayout, channels);
        } else {
            check(av_channel_layout_copy(converterLayout, frame.ch_layout()), "av_channel_layout_copy", Reason.NATIVE,
                    input.describe(), stream.codecName);
        }
        PointerPointer<SwrContext> created = new PointerPointer<SwrContext>(1L).put(0, (Pointer) null);
        try {
            check(swr_alloc_set_opts2(created, converterLayout, AV_SAMPLE_FMT_FLT, rate, converterLayout, sampleFormat,
                    rate, 0, null), "swr_alloc_set_opts2", Reason.NATIVE, input.describe(), stream.codecName);
            converter = created.get(SwrContext.class, 0);
        } finally {
            created.close();
        }
        check(swr_init(converter), "swr_init", Reason.NATIVE, input.describe(), stream.codecName);
        converterRate = rate;
        converterFormat = sampleFormat;
        spec = new PcmSpec(rate, channels, ChannelLayout.defaultFor(channels));
    }

    private void freeConverter() {
        if (converter != null) {
            swr_free(converter);
            converter = null;
        }
        av_channel_layout_uninit(converterLayout);
    }

    /** The decoder's own array for {@link #next()}, grown to {@code sampleCount} when needed. */
    private float[] ownArray(int sampleCount) {
        if (samples.length < sampleCount) {
            samples = new float[sampleCount];
        }
        return samples;
    }

    /** Grows the converter's native output to {@code sampleCount} floats when needed. */
    private void ensureCapacity(int sampleCount) {
        if (nativeSamples.capacity() >= sampleCount) {
            return;
        }
        nativeSamples.close();
        nativeSamples = new FloatPointer((long) sampleCount);
        nativeOut.put(0, nativeSamples);
    }

    /**
     * Moves to the frame at {@code position}, so that the next chunk starts exactly there and what follows
     * equals a decode from the start. A short move forward decodes on; otherwise the container seeks to
     * {@link #prerollFrames} before the target and the decoder discards up to it. Where timestamps cannot name
     * single samples (Matroska), near the start, or where the container cannot seek, the stream is reopened
     * and decoded from the beginning. A position past the end leaves the decoder at the end.
     */
    @Override
    public void seek(Duration position) throws IOException {
        ensureOpen();
        if (position.isNegative()) {
            throw new DecoderException(Reason.SEEK, input.describe(), stream.codecName, "negative position " + position,
                    null);
        }
        if (!input.isSeekable()) {
            throw new DecoderException(Reason.SEEK, input.describe(), stream.codecName, "the input cannot seek", null);
        }
        if (originPts == AV_NOPTS_VALUE && nextFrame == 0 && !ended) {
            next(); // learn where the timeline starts
        }
        long target = spec.framesIn(position);
        boolean shortForward = target >= nextFrame && target - nextFrame <= (long) spec.sampleRate() * FORWARD_DECODE_SECONDS;
        if (!(shortForward && !ended && discardUntilFrame < 0)) {
            long from = target - prerollFrames;
            if (!(exactTimestamps && originPts != AV_NOPTS_VALUE && from > 0 && seekContainer(from))) {
                reopen();
            }
        }
        discardUntilFrame = target;
    }

    /** Seeks the demuxer to the last keyframe at or before frame {@code from} and flushes the decoder. */
    private boolean seekContainer(long from) {
        long timestamp = originPts + av_rescale_q(from, av_make_q(1, spec.sampleRate()), timeBase);
        int r = avformat_seek_file(stream.format, stream.index, Long.MIN_VALUE, timestamp, timestamp, 0);
        if (r < 0) {
            LOG.debug("{}: container seek to {} failed ({}); decoding from the start", input.describe(), timestamp,
                    FfmpegErrors.describe(r));
            return false;
        }
        avcodec_flush_buffers(stream.codec);
        resetState();
        positionFromTimestamp = true;
        return true;
    }

    /**
     * Opens the stream again from byte 0: exactly the state of a fresh decoder, encoder delay handling included. The
     * old demuxer is freed only once the new one is open; when the reopen fails, the decoder is closed (its natives
     * freed, never touched again) and the failure is thrown.
     */
    private void reopen() throws IOException {
        DemuxedStream fresh;
        try {
            input.seek(0);
            fresh = DemuxedStream.open(input, demuxer);
        } catch (IOException | RuntimeException | Error e) {
            try {
                close();
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof DecoderException d ? d : new DecoderException(Reason.SEEK, input.describe(),
                    stream.codecName, "reopening from the start failed, the decoder is closed: " + e.getMessage(), e);
        }
        stream.close();
        stream = fresh;
        resetState();
        nextFrame = 0;
        originPts = AV_NOPTS_VALUE;
    }

    private void resetState() {
        draining = false;
        ended = false;
        badPacketsInARow = 0;
        positionFromTimestamp = false;
    }

    private void ensureOpen() throws DecoderException {
        if (closed) {
            throw new DecoderException(Reason.INPUT, input.describe(), stream.codecName, "decoder is closed", null);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        av_frame_free(frame);
        av_packet_free(packet);
        freeConverter();
        converterLayout.close();
        timeBase.close();
        stream.close();
        nativeOut.close();
        nativeSamples.close();
        input.close();
    }

    @Override
    public String toString() {
        return "FfmpegDecoder[" + stream.codecName + ", " + spec + ", " + input.describe() + "]";
    }
}
