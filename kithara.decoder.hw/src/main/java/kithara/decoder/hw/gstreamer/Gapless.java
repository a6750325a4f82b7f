package kithara.decoder.hw.gstreamer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

import kithara.api.decode.DecoderInput;
import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;

/**
 * What to cut from a platform decoder's PCM to get FFmpeg's timeline. GStreamer ignores an MP3's LAME tag, so its
 * output keeps the encoder delay, the decoder's 529-frame delay and the end padding; FFmpeg cuts all three. An MP4's
 * edit list says the same for AAC ({@link Mp4Edit#gapless}).
 *
 * @param delay  frames to drop at the start
 * @param frames the stream's length in frames after the cut, or -1 when unknown (nothing to cut at the end)
 */
record Gapless(long delay, long frames) {

    static final Gapless NONE = new Gapless(0, -1);
    /** The delay of the MP3 decoder's synthesis filterbank, which FFmpeg cuts with the encoder delay. */
    private static final int DECODER_DELAY = 529;
    private static final int HEAD = 16 * 1024;

    /** Reads an MP3 input's LAME tag (the input is moved back to 0); NONE for other media. */
    static Gapless of(DecoderInput input, MediaInfo hint) throws IOException {
        if (hint.container().isPresent() && hint.container().get() != ContainerFormat.MP3) {
            return NONE;
        }
        ByteBuffer head = InputBytes.read(input, 0, HEAD);
        input.seek(0);
        return lame(head).orElse(NONE);
    }

    /** Parses an ID3v2 tag (skipped), the first MPEG audio frame and its Xing/Info + LAME tag. */
    static Optional<Gapless> lame(ByteBuffer b) {
        int at = 0;
        if (b.remaining() >= 10 && b.get(0) == 'I' && b.get(1) == 'D' && b.get(2) == '3') {
            int size = ((b.get(6) & 0x7f) << 21) | ((b.get(7) & 0x7f) << 14) | ((b.get(8) & 0x7f) << 7) | (b.get(9) & 0x7f);
            at = 10 + size + ((b.get(5) & 0x10) != 0 ? 10 : 0);
        }
        if (at + 4 > b.limit() || (b.get(at) & 0xff) != 0xff || (b.get(at + 1) & 0xe0) != 0xe0) {
            return Optional.empty();
        }
        int version = (b.get(at + 1) >> 3) & 3; // 3: MPEG-1
        int layer = (b.get(at + 1) >> 1) & 3; // 1: layer III
        boolean mono = ((b.get(at + 3) >> 6) & 3) == 3;
        if (layer != 1) {
            return Optional.empty();
        }
        int sideInfo = version == 3 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        int samplesPerFrame = version == 3 ? 1152 : 576;
        int tag = at + 4 + sideInfo;
        if (tag + 8 > b.limit()) {
            return Optional.empty();
        }
        String id = "" + (char) b.get(tag) + (char) b.get(tag + 1) + (char) b.get(tag + 2) + (char) b.get(tag + 3);
        if (!id.equals("Xing") && !id.equals("Info")) {
            return Optional.empty();
        }
        int flags = b.getInt(tag + 4);
        int p = tag + 8;
        long frames = -1;
        if ((flags & 1) != 0) {
            if (p + 4 > b.limit()) {
                return Optional.empty();
            }
            frames = b.getInt(p) & 0xffffffffL;
            p += 4;
        }
        p += ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
        String encoder = p + 24 > b.limit() ? "" : "" + (char) b.get(p) + (char) b.get(p + 1) + (char) b.get(p + 2) + (char) b.get(p + 3);
        if (!(encoder.equals("LAME") || encoder.equals("Lavc") || encoder.equals("Lavf"))) {
            return Optional.empty(); // the LAME extension, as LAME and FFmpeg's muxer write it
        }
        int delay = ((b.get(p + 21) & 0xff) << 4) | ((b.get(p + 22) & 0xff) >> 4);
        int padding = ((b.get(p + 22) & 0x0f) << 8) | (b.get(p + 23) & 0xff);
        long total = frames < 0 ? -1 : frames * samplesPerFrame - delay - padding;
        if (frames >= 0 && total < 0) {
            return Optional.empty(); // cuts more than the stream holds: a broken tag, not a cut to make
        }
        return Optional.of(new Gapless(delay + DECODER_DELAY, total));
    }
}
