package kithara.decoder.hw.gstreamer;

import java.io.IOException;
import java.nio.ByteBuffer;

import kithara.api.decode.DecoderInput;

/** Reads a few bytes of a seekable input where a container's header says, before GStreamer reads it. */
final class InputBytes {

    private InputBytes() {
    }

    /** Returns up to {@code length} bytes from {@code offset} (fewer at the end), flipped for reading. */
    static ByteBuffer read(DecoderInput input, long offset, int length) throws IOException {
        input.seek(offset);
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && input.read(b) > 0) {
            // up to length bytes
        }
        return b.flip();
    }
}
