package kithara.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import kithara.api.source.ByteRange;
import kithara.api.source.ReadOutcome;
import kithara.api.source.Source;
import kithara.api.source.WaitOutcome;

/** Reads a source's bytes outright, for what the service learns before choosing a protocol. */
final class SourceBytes {

    private SourceBytes() {
    }

    /** Returns up to {@code n} first bytes; none when they did not come within {@code wait}. */
    static byte[] first(Source source, int n, Duration wait) throws IOException {
        if (source.waitRange(new ByteRange(0, n), wait) == WaitOutcome.TIMED_OUT) {
            return new byte[0];
        }
        ByteBuffer dst = ByteBuffer.allocate(n);
        ReadOutcome o = source.readAt(0, dst);
        return o instanceof ReadOutcome.Bytes ? Arrays.copyOf(dst.array(), dst.position()) : new byte[0];
    }

    /**
     * Returns every byte of the source when it ends within {@code wait} and holds at most {@code cap} bytes; empty
     * otherwise (the caller then fetches it its own way).
     */
    static Optional<byte[]> whole(Source source, int cap, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        while (true) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            WaitOutcome w = left.isNegative() ? WaitOutcome.TIMED_OUT
                    : source.waitRange(ByteRange.ofLength(out.size(), 1), left);
            if (w == WaitOutcome.EOF) {
                return Optional.of(out.toByteArray());
            }
            if (w != WaitOutcome.READY) {
                return Optional.empty();
            }
            chunk.clear();
            if (source.readAt(out.size(), chunk) instanceof ReadOutcome.Bytes bytes) {
                if (out.size() + bytes.count() > cap) {
                    return Optional.empty();
                }
                out.write(chunk.array(), 0, bytes.count());
            }
        }
    }
}
