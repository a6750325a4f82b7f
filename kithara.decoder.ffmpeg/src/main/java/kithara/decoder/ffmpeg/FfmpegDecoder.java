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
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
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
 * Decodes the best audio stream of a {@link DecoderInput} with libavformat and libavcodec, and converts
 * each frame to interleaved float32 at its native rate with libswresample. FFmpeg reads only through an
 * {@link AvioBridge}; it may not open any protocol or any demuxer outside {@link CodecMapping#DEMUXER_WHITELIST}.
 * Output buffers are reused: once running, no allocation happens per frame beyond the chunk record.
 */
final class FfmpegDecoder implements Decoder {

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegDecoder.class);
    private static final int AVFMT_FLAG_CUSTOM_IO = 0x0080;
    /** Undecodable packets in a row after which the stream counts as corrupt. */
    private static final int MAX_BAD_PACKETS_IN_A_ROW = 32;

    private final DecoderInput input;
    private final AvioBridge io;
    private final AVFormatContext format;
    private final AVCodecContext codec;
    private final int streamIndex;
    private final AVRational timeBase;
    private final long streamStart;
    private final MediaInfo mediaInfo;
    private final String codecName;
    private final AVPacket packet;
    private final AVFrame frame;

    private SwrContext converter;
    private final AVChannelLayout converterLayout = new AVChannelLayout();
    private int converterRate;
    private int converterFormat = -1;
    private PcmSpec spec;
    private float[] samples = new float[0];
    private FloatPointer nativeSamples = new FloatPointer(0L);
    private final PointerPointer<FloatPointer> nativeOut = new PointerPointer<>(1L);

    private long nextFrame;
    private long discardUntilFrame = -1;
    private int badPacketsInARow;
    private boolean draining;
    private boolean ended;
    private boolean closed;

    private FfmpegDecoder(DecoderInput input, AvioBridge io, AVFormatContext format, AVCodecContext codec,
                          int streamIndex, MediaInfo mediaInfo, String codecName) {
        this.input = input;
        this.io = io;
        this.format = format;
        this.codec = codec;
        this.streamIndex = streamIndex;
        AVStream stream = format.streams(streamIndex);
        this.timeBase = stream.time_base();
        this.streamStart = stream.start_time() == AV_NOPTS_VALUE ? 0 : stream.start_time();
        this.mediaInfo = mediaInfo;
        this.codecName = codecName;
        this.packet = av_packet_alloc();
        this.frame = av_frame_alloc();
        int channels = codec.ch_layout().nb_channels();
        this.spec = new PcmSpec(codec.sample_rate(), channels, ChannelLayout.defaultFor(channels));
    }

    /**
     * Probes {@code input} and opens a decoder on its best audio stream. On failure everything allocated
     * is freed and {@code input} is closed.
     *
     * @param hint a known container skips probing
     * @throws DecoderException naming the input: UNSUPPORTED_CONTAINER, UNSUPPORTED_CODEC, CORRUPT_DATA or INPUT
     */
    static FfmpegDecoder open(DecoderInput input, MediaInfo hint) throws IOException {
        String name = input.describe();
        AvioBridge io = new AvioBridge(input);
        AVFormatContext format = avformat_alloc_context();
        AVCodecContext codec = null;
        boolean opened = false;
        try {
            format.pb(io.context());
            format.flags(format.flags() | AVFMT_FLAG_CUSTOM_IO);
            AVInputFormat demuxer = hint.container().map(c -> av_find_input_format(CodecMapping.demuxerOf(c)))
                    .orElse(null);
            AVDictionary options = new AVDictionary(null);
            // FFmpeg may open nothing by itself: no protocol is whitelisted, and only audio demuxers.
            av_dict_set(options, "protocol_whitelist", "none", 0);
            av_dict_set(options, "format_whitelist", CodecMapping.DEMUXER_WHITELIST, 0);
            int r = avformat_open_input(format, (String) null, demuxer, options);
            av_dict_free(options);
            if (r < 0) {
                format = null; // freed by avformat_open_input
                throw failure(io, Reason.UNSUPPORTED_CONTAINER, name, "unknown", "avformat_open_input", r);
            }
            opened = true;
            r = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (r < 0) {
                throw failure(io, Reason.CORRUPT_DATA, name, "unknown", "avformat_find_stream_info", r);
            }
            int index = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            if (index < 0) {
                throw new DecoderException(Reason.UNSUPPORTED_CONTAINER, name, "unknown",
                        "no audio stream in " + format.iformat().name().getString(), null);
            }
            for (int i = 0; i < format.nb_streams(); i++) {
                if (i != index) {
                    format.streams(i).discard(AVDISCARD_ALL);
                }
            }
            AVStream stream = format.streams(index);
            AVCodecParameters params = stream.codecpar();
            String codecName = avcodec_get_name(params.codec_id()).getString();
            AVCodec decoder = avcodec_find_decoder(params.codec_id());
            if (decoder == null || decoder.isNull()) {
                throw new DecoderException(Reason.UNSUPPORTED_CODEC, name, codecName, "FFmpeg has no decoder for it", null);
            }
            codec = avcodec_alloc_context3(decoder);
            check(avcodec_parameters_to_context(codec, params), "avcodec_parameters_to_context", Reason.NATIVE, name, codecName);
            codec.pkt_timebase(stream.time_base());
            check(avcodec_open2(codec, decoder, (AVDictionary) null), "avcodec_open2", Reason.UNSUPPORTED_CODEC, name, codecName);
            if (codec.sample_rate() <= 0 || codec.ch_layout().nb_channels() <= 0) {
                throw new DecoderException(Reason.CORRUPT_DATA, name, codecName, "no sample rate or channel count", null);
            }
            MediaInfo info = describe(format, stream, codec);
            LOG.debug("opened {}: {} in {}", name, codecName, format.iformat().name().getString());
            return new FfmpegDecoder(input, io, format, codec, index, info, codecName);
        } catch (IOException | RuntimeException e) {
            if (codec != null) {
                avcodec_free_context(codec);
            }
            if (opened) {
                avformat_close_input(format);
            } else if (format != null) {
                avformat_free_context(format);
            }
            io.close();
            input.close();
            throw e;
        }
    }

    private static MediaInfo describe(AVFormatContext format, AVStream stream, AVCodecContext codec) {
        MediaInfo info = MediaInfo.UNKNOWN.withPcm(PcmSpec.of(codec.sample_rate(), codec.ch_layout().nb_channels()));
        info = CodecMapping.codecOf(codec.codec_id(), codec.profile()).map(info::withCodec).orElse(info);
        info = CodecMapping.containerOf(format.iformat().name().getString()).map(info::withContainer).orElse(info);
        long bitrate = stream.codecpar().bit_rate();
        if (bitrate > 0 && bitrate <= Integer.MAX_VALUE) {
            info = info.withBitrate((int) bitrate);
        }
        if (format.duration() != AV_NOPTS_VALUE && format.duration() > 0) {
            info = info.withDuration(Duration.ofNanos(format.duration() * 1000L));
        }
        return info;
    }

    private static DecoderException failure(AvioBridge io, Reason reason, String input, String codec, String call,
                                            int code) {
        Optional<IOException> cause = io.failure();
        if (cause.isPresent()) {
            return new DecoderException(Reason.INPUT, input, codec, call + ": " + cause.get().getMessage(), cause.get());
        }
        return new DecoderException(reason, input, codec, call + " failed: " + FfmpegErrors.describe(code), null);
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
    public Duration position() {
        return spec.durationOf(nextFrame);
    }

    @Override
    public Optional<PcmChunk> next() throws IOException {
        ensureOpen();
        while (!ended) {
            int r = avcodec_receive_frame(codec, frame);
            if (r >= 0) {
                Optional<PcmChunk> chunk = convert();
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
            int r = av_read_frame(format, packet);
            if (r < 0) {
                if (io.failure().isPresent() || r != AVERROR_EOF) {
                    throw failure(io, Reason.CORRUPT_DATA, input.describe(), codecName, "av_read_frame", r);
                }
                if (!draining) {
                    draining = true;
                    avcodec_send_packet(codec, null);
                }
                return;
            }
            try {
                if (packet.stream_index() != streamIndex) {
                    continue;
                }
                r = avcodec_send_packet(codec, packet);
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
        LOG.warn("{}: skipping undecodable data at {} ({}: {})", input.describe(), position(), call,
                FfmpegErrors.describe(code));
        if (badPacketsInARow >= MAX_BAD_PACKETS_IN_A_ROW) {
            throw new DecoderException(Reason.CORRUPT_DATA, input.describe(), codecName,
                    badPacketsInARow + " undecodable packets in a row, last " + call + ": " + FfmpegErrors.describe(code),
                    null);
        }
    }

    /** Converts the current frame; returns empty when all of it lies before a seek target. */
    private Optional<PcmChunk> convert() throws DecoderException {
        configureConverter();
        int frames = frame.nb_samples();
        int channels = spec.channels();
        ensureCapacity(frames * channels);
        int got = check(swr_convert(converter, nativeOut, frames, frame.extended_data(), frames), "swr_convert",
                Reason.NATIVE, input.describe(), codecName);
        if (got == 0) {
            return Optional.empty();
        }
        nativeSamples.position(0).get(samples, 0, got * channels);
        long start = nextFrame;
        if (discardUntilFrame >= 0) {
            long pts = frame.best_effort_timestamp();
            start = pts == AV_NOPTS_VALUE ? discardUntilFrame : Math.max(0, toFrames(pts));
            if (start + got <= discardUntilFrame) {
                nextFrame = start + got;
                return Optional.empty();
            }
            int skip = (int) Math.max(0, discardUntilFrame - start);
            if (skip > 0) {
                System.arraycopy(samples, skip * channels, samples, 0, (got - skip) * channels);
                got -= skip;
                start += skip;
            }
            discardUntilFrame = -1;
        }
        nextFrame = start + got;
        return Optional.of(new PcmChunk(spec, start, samples, got));
    }

    private long toFrames(long pts) {
        return av_rescale_q(pts - streamStart, timeBase, av_make_q(1, spec.sampleRate()));
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
        if (converter != null) {
            swr_free(converter);
            converter = null;
            av_channel_layout_uninit(converterLayout);
        }
        if (frame.ch_layout().order() == AV_CHANNEL_ORDER_UNSPEC) {
            av_channel_layout_default(converterLayout, channels);
        } else {
            check(av_channel_layout_copy(converterLayout, frame.ch_layout()), "av_channel_layout_copy", Reason.NATIVE,
                    input.describe(), codecName);
        }
        PointerPointer<SwrContext> created = new PointerPointer<SwrContext>(1L).put(0, (Pointer) null);
        try {
            check(swr_alloc_set_opts2(created, converterLayout, AV_SAMPLE_FMT_FLT, rate, converterLayout, sampleFormat,
                    rate, 0, null), "swr_alloc_set_opts2", Reason.NATIVE, input.describe(), codecName);
            converter = created.get(SwrContext.class, 0);
        } finally {
            created.close();
        }
        check(swr_init(converter), "swr_init", Reason.NATIVE, input.describe(), codecName);
        converterRate = rate;
        converterFormat = sampleFormat;
        spec = new PcmSpec(rate, channels, ChannelLayout.defaultFor(channels));
    }

    private void ensureCapacity(int sampleCount) {
        if (samples.length >= sampleCount) {
            return;
        }
        samples = new float[sampleCount];
        nativeSamples.close();
        nativeSamples = new FloatPointer((long) sampleCount);
        nativeOut.put(0, nativeSamples);
    }

    @Override
    public void seek(Duration position) throws IOException {
        ensureOpen();
        if (!input.isSeekable()) {
            throw new DecoderException(Reason.SEEK, input.describe(), codecName, "the input cannot seek", null);
        }
        if (position.isNegative()) {
            throw new DecoderException(Reason.SEEK, input.describe(), codecName, "negative position " + position, null);
        }
        Optional<Duration> total = duration();
        if (total.isPresent() && position.compareTo(total.get()) > 0) {
            throw new DecoderException(Reason.SEEK, input.describe(), codecName,
                    "position " + position + " is past the end " + total.get(), null);
        }
        long target = spec.framesIn(position);
        long timestamp = streamStart + av_rescale_q(target, av_make_q(1, spec.sampleRate()), timeBase);
        int r = av_seek_frame(format, streamIndex, timestamp, AVSEEK_FLAG_BACKWARD);
        if (r < 0) {
            throw failure(io, Reason.SEEK, input.describe(), codecName, "av_seek_frame to " + position, r);
        }
        avcodec_flush_buffers(codec);
        nextFrame = target;
        discardUntilFrame = target;
        draining = false;
        ended = false;
        badPacketsInARow = 0;
    }

    private void ensureOpen() throws DecoderException {
        if (closed) {
            throw new DecoderException(Reason.INPUT, input.describe(), codecName, "decoder is closed", null);
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
        if (converter != null) {
            swr_free(converter);
        }
        av_channel_layout_uninit(converterLayout);
        converterLayout.close();
        avcodec_free_context(codec);
        avformat_close_input(format);
        io.close();
        nativeOut.close();
        nativeSamples.close();
        input.close();
    }

    @Override
    public String toString() {
        return "FfmpegDecoder[" + codecName + ", " + spec + ", " + input.describe() + "]";
    }
}
