package kithara.decoder.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import kithara.api.decode.Decoder;
import kithara.api.decode.PcmChunk;
import kithara.api.media.ContainerFormat;
import kithara.api.media.MediaInfo;
import kithara.decoder.hw.Backend;
import kithara.decoder.hw.gstreamer.GstBackend;

/**
 * Decode throughput of the platform decoder (GStreamer through JNA) against FfmpegDecoder on the same 10-minute
 * files in the same run, both reading the file in place through SourceStream; median of {@link DecodeBench}'s runs.
 *
 * <pre>java -cp kithara.bench/target/benchmarks.jar kithara.decoder.ffmpeg.PlatformDecodeBench [minutes]</pre>
 */
public final class PlatformDecodeBench {

    /** codec label, file extension, ffmpeg encoder arguments: the codecs the platform decoder takes. */
    private static final String[][] CODECS = {
        {"MP3", "mp3", "-c:a libmp3lame -b:a 192k"},
        {"FLAC", "flac", "-c:a flac"},
        {"Opus", "opus", "-c:a libopus -b:a 128k -ar 48000"},
        {"AAC", "m4a", "-c:a aac -b:a 192k"},
    };

    private PlatformDecodeBench() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        FfmpegNatives.load(org.bytedeco.javacpp.Loader.getVersion());
        StringBuilder why = new StringBuilder();
        Backend gst = GstBackend.load(why).orElseThrow(() -> new IllegalStateException("no GStreamer: " + why));
        Path dir = Files.createTempDirectory("kithara-platform-bench");
        try {
            List<String> rows = new ArrayList<>();
            for (String[] codec : CODECS) {
                Path file = dir.resolve(codec[0] + "." + codec[1]);
                DecodeBench.encode(file, minutes, codec[2]);
                long ffmpegFrames = DecodeBench.decodeOurs(file);
                long gstFrames = decodePlatform(gst, file); // also the warm-up
                if (gstFrames != ffmpegFrames) {
                    System.err.println(file + ": " + gstFrames + " frames from GStreamer, " + ffmpegFrames + " from FFmpeg");
                }
                double platform = DecodeBench.median(() -> decodePlatform(gst, file));
                double ffmpeg = DecodeBench.median(() -> DecodeBench.decodeOurs(file));
                double seconds = minutes * 60.0;
                rows.add(String.format(Locale.ROOT, "| %s | %.0f× | %.0f× | %.3f s | %.3f s | **%.2f** |", codec[0],
                        seconds / platform, seconds / ffmpeg, platform, ffmpeg, ffmpeg / platform));
                System.err.println(rows.get(rows.size() - 1));
            }
            System.out.println("| codec | GStreamer (× real time) | FFmpeg (× real time) | GStreamer | FFmpeg | ratio (FFmpeg time / GStreamer) |");
            System.out.println("| --- | --- | --- | --- | --- | --- |");
            rows.forEach(System.out::println);
        } finally {
            DecodeBench.deleteAll(dir);
        }
    }

    private static long decodePlatform(Backend backend, Path file) throws IOException {
        long sum = 0;
        String name = file.getFileName().toString();
        ContainerFormat container = ContainerFormat.fromExtension(name.substring(name.lastIndexOf('.') + 1)).orElseThrow();
        try (Decoder d = backend.open(DecodeBench.input(file), MediaInfo.UNKNOWN.withContainer(container))) {
            for (Optional<PcmChunk> c = d.next(); c.isPresent(); c = d.next()) {
                sum += c.get().frames();
            }
        }
        return sum;
    }
}
