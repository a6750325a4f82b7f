package kithara.launcher.command;

import java.io.IOException;
import java.nio.file.Path;

import kithara.api.audio.AudioSink;
import kithara.api.media.PcmSpec;

/** A 32-bit float WAV file as a player's sink: it takes PCM as fast as the player gives it. */
final class WavSink implements AudioSink {

    private final PcmSpec spec;
    private final WavWriter out;
    private float[] buffer = new float[0];

    private WavSink(PcmSpec spec, WavWriter out) {
        this.spec = spec;
        this.out = out;
    }

    /** Creates (or replaces) {@code file}. */
    static WavSink create(Path file, PcmSpec spec) throws IOException {
        return new WavSink(spec, WavWriter.toFile(file, WavWriter.Format.F32, spec.sampleRate(), spec.channels(), true));
    }

    @Override
    public PcmSpec spec() {
        return spec;
    }

    @Override
    public void write(float[] samples, int offset, int length) throws IOException {
        if (offset == 0) {
            out.write(samples, length);
            return;
        }
        if (buffer.length < length) {
            buffer = new float[length];
        }
        System.arraycopy(samples, offset, buffer, 0, length);
        out.write(buffer, length);
    }

    /** Completes the file's header. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
