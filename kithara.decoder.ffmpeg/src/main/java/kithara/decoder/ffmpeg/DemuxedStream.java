package kithara.decoder.ffmpeg;

import static kithara.decoder.ffmpeg.FfmpegErrors.check;
import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.io.IOException;
import java.util.Optional;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

import kithara.api.decode.DecoderException;
import kithara.api.decode.DecoderException.Reason;
import kithara.api.decode.DecoderInput;

/**
 * The native half of a decoder: the demuxer reading through an {@link AvioBridge}, the best audio stream and
 * its opened codec. Opened fresh from byte 0 of the input, so that a rewind gives exactly the state of the
 * first open (encoder-delay skipping included). Closing frees it all but leaves the input open.
 */
final class DemuxedStream implements AutoCloseable {

    private static final int AVFMT_FLAG_CUSTOM_IO = 0x0080;

    final AvioBridge io;
    final AVFormatContext format;
    final AVCodecContext codec;
    final int index;
    final String codecName;

    private DemuxedStream(AvioBridge io, AVFormatContext format, AVCodecContext codec, int index, String codecName) {
        this.io = io;
        this.format = format;
        this.codec = codec;
        this.index = index;
        this.codecName = codecName;
    }

    /**
     * Opens {@code input} from its current position (normally 0).
     *
     * @param demuxer the demuxer to use, or null to probe
     * @throws DecoderException UNSUPPORTED_CONTAINER, UNSUPPORTED_CODEC, CORRUPT_DATA, or INPUT with the cause
     */
    static DemuxedStream open(DecoderInput input, AVInputFormat demuxer) throws IOException {
        String name = input.describe();
        AvioBridge io = new AvioBridge(input);
        AVFormatContext format = avformat_alloc_context();
        AVCodecContext codec = null;
        boolean opened = false;
        try {
            format.pb(io.context());
            format.flags(format.flags() | AVFMT_FLAG_CUSTOM_IO);
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
            check(avcodec_parameters_to_context(codec, params), "avcodec_parameters_to_context", Reason.NATIVE, name,
                    codecName);
            codec.pkt_timebase(stream.time_base());
            check(avcodec_open2(codec, decoder, (AVDictionary) null), "avcodec_open2", Reason.UNSUPPORTED_CODEC, name,
                    codecName);
            if (codec.sample_rate() <= 0 || codec.ch_layout().nb_channels() <= 0) {
                throw new DecoderException(Reason.CORRUPT_DATA, name, codecName, "no sample rate or channel count", null);
            }
            return new DemuxedStream(io, format, codec, index, codecName);
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
            throw e;
        }
    }

    /** Returns the audio stream. */
    AVStream stream() {
        return format.streams(index);
    }

    /** Returns the demuxer's name list, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}. */
    String demuxerName() {
        return format.iformat().name().getString();
    }

    /**
     * Returns a decoder exception for FFmpeg error {@code code}: INPUT with the input's own failure as the cause
     * when there is one (the callbacks saw it), else {@code reason}.
     */
    static DecoderException failure(AvioBridge io, Reason reason, String input, String codec, String call, int code) {
        Optional<IOException> cause = io.failure();
        if (cause.isPresent()) {
            return new DecoderException(Reason.INPUT, input, codec, call + ": " + cause.get().getMessage(), cause.get());
        }
        return new DecoderException(reason, input, codec, call + " failed: " + FfmpegErrors.describe(code), null);
    }

    DecoderException failure(Reason reason, String input, String call, int code) {
        return failure(io, reason, input, codecName, call, code);
    }

    /** Frees the codec, the demuxer and the AVIO context. The input stays open. */
    @Override
    public void close() {
        avcodec_free_context(codec);
        avformat_close_input(format);
        io.close();
    }
}
