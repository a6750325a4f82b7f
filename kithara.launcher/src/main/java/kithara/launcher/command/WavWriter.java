package kithara.launcher.command;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a standard RIFF/WAVE file: IEEE float for {@link Format#F32}, integer PCM for S16 and S24. The sizes
 * in the header are filled in on {@link #close()}.
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

    private final FileChannel out;
    private final Format format;
    private final int channels;
    private final int rate;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;

    WavWriter(Path file, Format format, int rate, int channels) throws IOException {
        this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        this.format = format;
        this.channels = channels;
        this.rate = rate;
        out.write(header(), 0);
        out.position(HEADER);
    }

    private ByteBuffer header() {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        long riff = Math.min(0xFFFFFFFFL, 36 + dataBytes);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) riff)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) format.tag).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * format.bytes).putShort((short) (channels * format.bytes))
                .putShort((short) (format.bytes * 8))
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) Math.min(0xFFFFFFFFL, dataBytes));
        return h.flip();
    }

    /** Appends {@code count} interleaved samples; integer formats are clipped to full scale. */
    void write(float[] samples, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            if (buffer.remaining() < 4) {
                flushBuffer();
            }
            float v = samples[i];
            switch (format) {
                case F32 -> buffer.putFloat(v);
                case S16 -> buffer.putShort((short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767f));
                case S24 -> {
                    int s = Math.round(Math.max(-1f, Math.min(1f, v)) * 8388607f);
                    buffer.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                }
            }
        }
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

    /** Writes what is buffered, fills in the header and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            flushBuffer();
            out.write(header(), 0);
        } finally {
            out.close();
        }
    }
}
