package kithara.launcher.command;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes interleaved samples as a standard RIFF/WAVE stream (IEEE float for {@link Format#F32}, integer PCM for S16
 * and S24) or as raw little-endian samples without a header. To a file, the header's sizes are filled in on
 * {@link #close()}; to standard output, which cannot seek, they say "unknown" (0xFFFFFFFF), as FFmpeg writes them.
 */
final class WavWriter implements Closeable {

    /** Sample formats. */
    enum Format {
        /** 32-bit IEEE float (WAVE_FORMAT_IEEE_FLOAT). */
        F32(4, 3),
        /** 16-bit signed integer PCM. */
        S16(2, 1),
        /** 24-bit signed integer PCM. */
        S24(3, 1);

        final int bytes;
        final int tag;

        Format(int bytes, int tag) {
            this.bytes = bytes;
            this.tag = tag;
        }
    }

    private static final int HEADER = 44;
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;

    private final WritableByteChannel out;
    private final Format format;
    private final int channels;
    private final int rate;
    private final boolean wav;
    private final boolean seekable;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;

    private WavWriter(WritableByteChannel out, boolean seekable, Format format, int rate, int channels, boolean wav)
            throws IOException {
        this.out = out;
        this.seekable = seekable;
        this.format = format;
        this.channels = channels;
        this.rate = rate;
        this.wav = wav;
        if (wav) {
            ByteBuffer header = header(seekable ? 0 : UNKNOWN_SIZE);
            while (header.hasRemaining()) {
                out.write(header);
            }
        }
    }

    /** A writer to {@code file} (created or truncated); {@code wav} false writes raw samples. */
    static WavWriter toFile(Path file, Format format, int rate, int channels, boolean wav) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            return new WavWriter(channel, true, format, rate, channels, wav);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** A writer to the process's standard output (closing it closes standard output). */
    static WavWriter toStandardOutput(Format format, int rate, int channels, boolean wav) throws IOException {
        return new WavWriter(new FileOutputStream(FileDescriptor.out).getChannel(), false, format, rate, channels, wav);
    }

    private ByteBuffer header(long dataSize) {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        long riff = dataSize == UNKNOWN_SIZE ? UNKNOWN_SIZE : Math.min(UNKNOWN_SIZE, 36 + dataSize);
        h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) riff)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) format.tag).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * format.bytes).putShort((short) (channels * format.bytes))
                .putShort((short) (format.bytes * 8))
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) Math.min(UNKNOWN_SIZE, dataSize));
        return h.flip();
    }

    /**
     * Appends {@code count} interleaved samples; integer formats are clipped to full scale. Float samples go in whole
     * runs (a bulk copy into the little-endian buffer), not one at a time: a 30-minute decode writes 160 million.
     */
    void write(float[] samples, int count) throws IOException {
        int at = 0;
        while (at < count) {
            int n = Math.min(buffer.remaining() / format.bytes, count - at);
            if (n == 0) {
                flushBuffer();
                continue;
            }
            switch (format) {
                case F32 -> {
                    buffer.asFloatBuffer().put(samples, at, n);
                    buffer.position(buffer.position() + 4 * n); // a view leaves its parent's position where it was
                }
                case S16 -> {
                    ShortBuffer shorts = buffer.asShortBuffer();
                    for (int i = at; i < at + n; i++) {
                        shorts.put((short) Math.round(clip(samples[i]) * 32767f));
                    }
                    buffer.position(buffer.position() + 2 * n);
                }
                case S24 -> {
                    for (int i = at; i < at + n; i++) {
                        int v = Math.round(clip(samples[i]) * 8388607f);
                        buffer.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
                    }
                }
            }
            at += n;
        }
    }

    private static float clip(float v) {
        return Math.max(-1f, Math.min(1f, v));
    }

    private void flushBuffer() throws IOException {
        buffer.flip();
        dataBytes += buffer.remaining();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
    }

    /** Returns the frames written so far. */
    long frames() {
        return (dataBytes + buffer.position()) / ((long) channels * format.bytes);
    }

    /** Writes what is buffered, fills in the header where the output can seek, and closes the output. */
    @Override
    public void close() throws IOException {
        try {
            flushBuffer();
            if (wav && seekable) {
                ((FileChannel) out).write(header(dataBytes), 0);
            }
        } finally {
            out.close();
        }
    }
}
