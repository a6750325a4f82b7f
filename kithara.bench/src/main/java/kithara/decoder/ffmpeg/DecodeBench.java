package kithara.decoder.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import kithara.api.decode.PcmChunk;
import kithara.api.media.MediaInfo;
import kithara.stream.io.SourceStream;
import kithara.stream.storage.FileDriver;
import kithara.stream.storage.StorageResource;
import kithara.stream.storage.StorageSource;

/**
 * Decode throughput per codec on 10-minute files, against {@code ffmpeg -threads 1 -i FILE -f f32le} on the same
 * files in the same run. Ours reads the file in place through SourceStream, decodes with FfmpegDecoder and
 * touches every chunk; the reference decodes, converts to float32 and writes to /dev/null. Each side runs
 * {@value #RUNS} times; the median counts. Needs Debian's ffmpeg CLI (to make the files and as the reference).
 *
 * <pre>java -cp kithara.bench/target/benchmarks.jar kithara.decoder.ffmpeg.DecodeBench [minutes]</pre>
 */
public final class DecodeBench {

    private static final int RUNS = 5;

    /** codec label, file extension, ffmpeg encoder arguments; AAC, MP3 and FLAC first. */
    static final String[][] CODECS = {
        {"AAC-LC", "m4a", "-c:a aac -b:a 128k"},
        {"MP3", "mp3", "-c:a libmp3lame -b:a 192k"},
        {"FLAC", "flac", "-c:a flac"},
        {"Vorbis", "ogg", "-c:a libvorbis -q:a 5"},
        {"Opus", "opus", "-c:a libopus -b:a 128k -ar 48000"},
        {"ALAC", "m4a", "-c:a alac"},
        {"PCM s16", "wav", "-c:a pcm_s16le"},
    };

    private DecodeBench() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        FfmpegNatives.load(org.bytedeco.javacpp.Loader.getVersion());
        Path dir = Files.createTempDirectory("kithara-decode-bench");
        try {
            List<String> rows = new ArrayList<>();
            for (String[] codec : CODECS) {
                Path file = dir.resolve(codec[0].replace(' ', '_') + "." + codec[1]);
                encode(file, minutes, codec[2]);
                long frames = decodeOurs(file); // also the JIT warm-up
                long expected = minutes * 60L * (codec[1].equals("opus") ? 48000 : 44100);
                if (Math.abs(frames - expected) > expected / 100) {
                    throw new IllegalStateException(file + ": decoded " + frames + " frames, expected about " + expected);
                }
                double ours = median(() -> decodeOurs(file));
                double ffmpeg = median(() -> decodeFfmpeg(file));
                double seconds = minutes * 60.0;
                rows.add(String.format(Locale.ROOT, "| %s | %.0f× | %.0f× | %.3f s | %.3f s | **%.2f** |", codec[0],
                        seconds / ours, seconds / ffmpeg, ours, ffmpeg, ffmpeg / ours));
                System.err.println(rows.get(rows.size() - 1));
            }
            System.out.println("| codec | ours (× real time) | ffmpeg -threads 1 (× real time) | ours | ffmpeg | ratio (ffmpeg time / ours) |");
            System.out.println("| --- | --- | --- | --- | --- | --- |");
            rows.forEach(System.out::println);
        } finally {
            deleteAll(dir);
        }
    }

    /** Deletes a folder of benchmark files. */
    static void deleteAll(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** Opens a file in place, as the decoders read it. */
    static SourceStream input(Path file) throws IOException {
        StorageResource storage = StorageResource.complete(file.toString(), FileDriver.readOnly(file), Files.size(file));
        return new SourceStream(StorageSource.complete(storage, MediaInfo.UNKNOWN), file.toString(), Duration.ofSeconds(10));
    }

    interface Timed {
        void run() throws Exception;
    }

    static double median(Timed t) throws Exception {
        double[] s = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            t.run();
            s[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(s);
        return s[RUNS / 2];
    }

    static void encode(Path file, int minutes, String codecArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + minutes * 60,
                "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.2:sample_rate=44100:duration=" + minutes * 60,
                "-filter_complex", "amix=inputs=2,aformat=channel_layouts=stereo"));
        cmd.addAll(List.of(codecArgs.split(" ")));
        cmd.add(file.toString());
        run(cmd);
    }

    private static void decodeFfmpeg(Path file) throws Exception {
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-threads", "1", "-i", file.toString(),
                "-f", "f32le", "-y", "/dev/null"));
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("failed: " + String.join(" ", cmd));
        }
    }

    static long decodeOurs(Path file) throws IOException {
        long sum = 0;
        try (FfmpegDecoder d = FfmpegDecoder.open(input(file), MediaInfo.UNKNOWN)) {
            for (Optional<PcmChunk> c = d.next(); c.isPresent(); c = d.next()) {
                sum += c.get().frames();
            }
        }
        return sum;
    }
}
