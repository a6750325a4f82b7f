package kithara.decoder.hw.gstreamer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import kithara.api.decode.DecoderException;
import kithara.api.decode.DecoderInput;

/**
 * The edit list of an MP4's sound track, found by walking its boxes. FFmpeg starts the audio at the edit's media
 * time (the AAC encoder delay) and ends it after the edit's duration (the end padding); GStreamer 1.22 applies the
 * same edit a sample late and drops the last frame, and without an edit it ends at the track's duration. So the
 * backend feeds GStreamer an edit from media time 0 that plays past the end ({@link #rewrite}: every decoded frame
 * comes out) and cuts the PCM itself ({@link #gapless}).
 *
 * @param entryOffset    where the edit's entry (duration, media time) starts in the file
 * @param version        the {@code elst} box's version: 1 for 64-bit fields
 * @param mediaTime      the first media sample played, in the track's timescale
 * @param trackTimescale the track's timescale ({@code mdhd})
 * @param duration       how long the edit plays, in the movie's timescale
 * @param movieTimescale the movie's timescale ({@code mvhd})
 */
record Mp4Edit(long entryOffset, int version, long mediaTime, long trackTimescale, long duration, long movieTimescale) {

    private static final int MAX_TOP_LEVEL_BOXES = 1024;
    private static final long MAX_MOOV = 32L << 20;
    private static final int AAC_LC = 2;

    /**
     * Checks that a seekable MP4 input's first sound track is AAC-LC and finds its edit list (the input is moved back
     * to 0).
     *
     * @return empty when there is no edit list (nothing to correct)
     * @throws DecoderException UNSUPPORTED_CODEC when the sound track is not AAC-LC (another codec, or HE-AAC, both
     *                          left to FFmpeg); UNSUPPORTED_CONTAINER without a readable {@code moov} and sound track,
     *                          or for an edit list other than one plain edit, which the backend would not play as
     *                          FFmpeg does
     */
    static Optional<Mp4Edit> find(DecoderInput input) throws IOException {
        try {
            long at = 0;
            for (int i = 0; i < MAX_TOP_LEVEL_BOXES; i++) {
                ByteBuffer head = InputBytes.read(input, at, 16);
                if (head.remaining() < 8) {
                    break;
                }
                long size = head.getInt(0) & 0xffffffffL;
                int header = 8;
                if (size == 1 && head.remaining() >= 16) {
                    size = head.getLong(8);
                    header = 16;
                }
                if (size < header || size > Long.MAX_VALUE - at) {
                    break; // 0 (to the end) or broken: no moov before it
                }
                if (type(head, 4).equals("moov") && size <= MAX_MOOV) {
                    ByteBuffer moov = InputBytes.read(input, at, (int) size);
                    if (moov.remaining() == size) {
                        return inMoov(moov, at, header, input.describe());
                    }
                }
                at += size;
            }
            throw new DecoderException(DecoderException.Reason.UNSUPPORTED_CONTAINER, input.describe(), "?",
                    "no MP4 moov this backend can read", null);
        } catch (IndexOutOfBoundsException e) {
            throw new DecoderException(DecoderException.Reason.UNSUPPORTED_CONTAINER, input.describe(), "?",
                    "MP4 boxes this backend does not understand", e);
        } finally {
            input.seek(0);
        }
    }

    private static Optional<Mp4Edit> inMoov(ByteBuffer moov, long moovOffset, int header, String name) throws DecoderException {
        long movieTimescale = 0;
        for (int at = header; at + 8 <= moov.limit(); at += boxSize(moov, at)) {
            String type = type(moov, at + 4);
            if (type.equals("mvhd")) {
                movieTimescale = timescale(moov, at);
            } else if (type.equals("trak") && movieTimescale > 0) {
                int mdia = child(moov, at, at + boxSize(moov, at), "mdia");
                int hdlr = mdia < 0 ? -1 : child(moov, mdia, mdia + boxSize(moov, mdia), "hdlr");
                if (hdlr >= 0 && type(moov, hdlr + 16).equals("soun")) {
                    return editOf(moov, at, mdia, moovOffset, movieTimescale, name);
                }
            }
        }
        throw new DecoderException(DecoderException.Reason.UNSUPPORTED_CONTAINER, name, "?", "no sound track in the MP4", null);
    }

    /** The edit of the sound track {@code trak}, whose media box is {@code mdia}; checks that it holds AAC-LC. */
    private static Optional<Mp4Edit> editOf(ByteBuffer moov, int trak, int mdia, long moovOffset, long movieTimescale,
                                            String name) throws DecoderException {
        int mdiaEnd = mdia + boxSize(moov, mdia);
        int minf = child(moov, mdia, mdiaEnd, "minf");
        int stbl = minf < 0 ? -1 : child(moov, minf, minf + boxSize(moov, minf), "stbl");
        int stsd = stbl < 0 ? -1 : child(moov, stbl, stbl + boxSize(moov, stbl), "stsd");
        String sampleEntry = stsd < 0 ? "nothing" : type(moov, stsd + 20);
        int objectType = sampleEntry.equals("mp4a") ? audioObjectType(moov, stsd + 16) : -1;
        if (objectType != AAC_LC) {
            String held = objectType < 0 ? sampleEntry : "AAC of audio object type " + objectType;
            throw new DecoderException(DecoderException.Reason.UNSUPPORTED_CODEC, name, held, "the MP4's sound track holds "
                    + held + ", not AAC-LC: left to another decoder", null);
        }
        int edts = child(moov, trak, trak + boxSize(moov, trak), "edts");
        int elst = edts < 0 ? -1 : child(moov, edts, edts + boxSize(moov, edts), "elst");
        if (elst < 0) {
            return Optional.empty();
        }
        int mdhd = child(moov, mdia, mdiaEnd, "mdhd");
        long trackTimescale = mdhd < 0 ? 0 : timescale(moov, mdhd);
        int version = moov.get(elst + 8);
        long entries = moov.getInt(elst + 12) & 0xffffffffL;
        int entry = elst + 16;
        long duration = version == 1 ? moov.getLong(entry) : moov.getInt(entry) & 0xffffffffL;
        long mediaTime = version == 1 ? moov.getLong(entry + 8) : moov.getInt(entry + 4);
        int rate = moov.getInt(entry + (version == 1 ? 16 : 8));
        if (entries != 1 || mediaTime < 0 || rate != 0x10000 || trackTimescale <= 0) {
            throw new DecoderException(DecoderException.Reason.UNSUPPORTED_CONTAINER, name, "aac", "an MP4 edit list of "
                    + entries + " edits (media time " + mediaTime + ", track timescale " + trackTimescale
                    + "): only one plain edit plays as FFmpeg plays it", null);
        }
        return Optional.of(new Mp4Edit(moovOffset + entry, version, mediaTime, trackTimescale, duration, movieTimescale));
    }

    /**
     * The audio object type in the {@code esds} of the {@code mp4a} sample entry at {@code entry}: the first 5 bits of
     * its AudioSpecificConfig (ES_Descriptor, DecoderConfigDescriptor, DecoderSpecificInfo); -1 when there is none.
     */
    private static int audioObjectType(ByteBuffer moov, int entry) {
        int esds = child(moov, entry + 28, entry + boxSize(moov, entry), "esds"); // the entry's fields take 36 bytes
        if (esds < 0) {
            return -1;
        }
        int at = esds + 12;
        int end = esds + boxSize(moov, esds);
        while (at < end) {
            int tag = moov.get(at++) & 0xff;
            int length = 0;
            for (int k = 0; k < 4; k++) {
                int b = moov.get(at++) & 0xff;
                length = (length << 7) | (b & 0x7f);
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            switch (tag) {
                case 0x03 -> { // ES_Descriptor: ES_ID, flags, then the optional fields the flags name
                    int flags = moov.get(at + 2) & 0xff;
                    at += 3 + ((flags & 0x80) != 0 ? 2 : 0) + ((flags & 0x20) != 0 ? 2 : 0);
                    if ((flags & 0x40) != 0) {
                        at += 1 + (moov.get(at) & 0xff);
                    }
                }
                case 0x04 -> at += 13; // DecoderConfigDescriptor: its fixed fields, then its descriptors
                case 0x05 -> {
                    return (moov.get(at) & 0xff) >> 3;
                }
                default -> at += length;
            }
        }
        return -1;
    }

    /** The edit in {@code rate} frames: the encoder delay to drop and the frames to keep. */
    Gapless gapless(int rate) {
        return new Gapless(Math.round(mediaTime * (double) rate / trackTimescale),
                Math.round(duration * (double) rate / movieTimescale));
    }

    /**
     * Rewrites the edit in {@code bytes} (the file's from {@code offset} on) to start at media time 0 and to play a
     * second longer than the delay and the edit together.
     */
    void rewrite(long offset, byte[] bytes, int length) {
        long delay = (mediaTime * movieTimescale + trackTimescale - 1) / trackTimescale;
        long through = duration + delay + movieTimescale;
        ByteBuffer entry = ByteBuffer.allocate(version == 1 ? 16 : 8);
        if (version == 1) {
            entry.putLong(through).putLong(0);
        } else {
            entry.putInt((int) Math.min(through, 0xfffffffeL)).putInt(0);
        }
        for (int k = 0; k < entry.capacity(); k++) {
            long at = entryOffset + k - offset;
            if (at >= 0 && at < length) {
                bytes[(int) at] = entry.get(k);
            }
        }
    }

    private static int child(ByteBuffer b, int parent, int end, String type) {
        for (int at = parent + 8; at + 8 <= end; at += boxSize(b, at)) {
            if (type(b, at + 4).equals(type)) {
                return at;
            }
        }
        return -1;
    }

    private static long timescale(ByteBuffer b, int box) {
        return b.getInt(box + (b.get(box + 8) == 1 ? 28 : 20)) & 0xffffffffL;
    }

    private static int boxSize(ByteBuffer b, int at) {
        return Math.max(8, b.getInt(at));
    }

    private static String type(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, StandardCharsets.US_ASCII);
    }
}
