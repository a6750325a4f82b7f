package example;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.facade.Kithara;

/**
 * Decodes a URI (http, https, file, HLS) or a local path to a 16-bit WAV file:
 * {@code java -jar kithara-plain-java.jar <uri or path> <out.wav>}. Exit 0 on success, 1 when the input cannot be
 * decoded (one line on stderr), 2 on wrong arguments.
 */
public final class DecodeToWav {

    private DecodeToWav() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java -jar kithara-plain-java.jar <uri or path> <out.wav>");
            System.exit(2);
        }
        URI input = args[0].contains("://") ? URI.create(args[0]) : Path.of(args[0]).toAbsolutePath().toUri();
        Path output = Path.of(args[1]);
        try (Kithara kithara = Kithara.start();
             Resource resource = kithara.audio().open(ResourceRequest.of(input))) {
            long frames = writeWav(resource, output);
            System.out.printf("%s: %d frames, %d Hz, %d channels%n", output, frames, resource.spec().sampleRate(),
                    resource.spec().channels());
        } catch (IOException e) {
            System.err.println("cannot decode " + input + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** Writes the resource's PCM as 16-bit little-endian samples after a RIFF header; returns the frame count. */
    private static long writeWav(Resource resource, Path output) throws IOException {
        int channels = resource.spec().channels();
        int rate = resource.spec().sampleRate();
        long samples = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
            out.write(header(rate, channels, 0));
            float[] pcm = new float[4096 * channels];
            ByteBuffer bytes = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int n; (n = resource.read(pcm)) >= 0; ) {
                bytes.clear();
                for (int i = 0; i < n; i++) {
                    bytes.putShort((short) Math.round(Math.max(-1f, Math.min(1f, pcm[i])) * 32767f));
                }
                out.write(bytes.array(), 0, bytes.position());
                samples += n;
            }
        }
        try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "rw")) {
            file.write(header(rate, channels, samples * 2));
        }
        return samples / channels;
    }

    private static byte[] header(int rate, int channels, long dataBytes) {
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes()).putInt((int) (36 + dataBytes)).put("WAVE".getBytes());
        h.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        h.put("data".getBytes()).putInt((int) dataBytes);
        return h.array();
    }
}
