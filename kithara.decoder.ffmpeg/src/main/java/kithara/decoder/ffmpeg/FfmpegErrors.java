package kithara.decoder.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import org.bytedeco.javacpp.BytePointer;

import kithara.api.decode.DecoderException;

/** FFmpeg's error codes and their translation into {@link DecoderException}s. */
final class FfmpegErrors {

    /** {@code AVERROR(EAGAIN)} on Linux and macOS; not mapped by the presets. */
    static final int EAGAIN = -11;

    private FfmpegErrors() {
    }

    /** Returns FFmpeg's text for an error code. */
    static String describe(int code) {
        try (BytePointer msg = new BytePointer(256)) {
            av_strerror(code, msg, 256);
            String text = msg.getString();
            int end = text.indexOf('\0');
            return (end < 0 ? text : text.substring(0, end)) + " (" + code + ")";
        }
    }

    /**
     * Returns {@code code} when it is not negative.
     *
     * @throws DecoderException with {@code reason}, naming the call, when it is
     */
    static int check(int code, String call, DecoderException.Reason reason, String input, String codec)
            throws DecoderException {
        if (code < 0) {
            throw new DecoderException(reason, input, codec, call + " failed: " + describe(code), null);
        }
        return code;
    }
}
