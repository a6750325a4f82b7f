package kithara.decoder.ffmpeg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.audio.HandWiredAudioService;
import kithara.launcher.command.DecodeCommand;
import kithara.protocol.file.FileStreamType;
import kithara.stream.cache.internal.AssetCache;
import kithara.stream.download.HttpDownloader;
import kithara.stream.http.HttpTransport;
import kithara.stream.http.TransportConfig;

/**
 * What the pipeline costs on top of the decoder: the same 10-minute file decoded by the bare {@link FfmpegDecoder}
 * loop (as {@link DecodeBench} does) and read as an application reads it, through {@code AudioService} and
 * {@code Resource.read} (the file protocol, the decode worker on the shared pool, the PCM queue and the copy into the
 * caller's array; no resampling, since rate and channels match), with the default queue (a player's half second) and
 * with the 4-second queue {@code kithara decode} asks for (a reader faster than real time is woken once per half
 * queue). Median of {@link DecodeBench}'s runs, all in this JVM after a warm-up; issue 17 asks the pipeline for at least
 * 0.85 of the bare loop's throughput.
 *
 * <pre>java -cp kithara.bench/target/benchmarks.jar kithara.decoder.ffmpeg.PipelineBench [minutes]</pre>
 */
public final class PipelineBench {

    /** The codecs measured: {@link DecodeBench}'s first three (AAC-LC, MP3, FLAC). */
    private static final List<String[]> CODECS = List.of(DecodeBench.CODECS).subList(0, 3);

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        FfmpegLoad load = FfmpegLoad.now(org.bytedeco.javacpp.Loader.getVersion());
        Path dir = Files.createTempDirectory("kithara-pipeline-bench");
        try (HttpDownloader downloader = new HttpDownloader(new HttpTransport(TransportConfig.DEFAULT), 6);
             AssetCache cache = AssetCache.inMemory(1L << 30, 100, true)) {
            AudioService audio = HandWiredAudioService.of(new FileStreamType(downloader, cache, 8L << 20,
                    Duration.ofSeconds(30)), "file", new FfmpegDecoderProvider(load), "ffmpeg", new SwrResampler(load));
            List<String> rows = new ArrayList<>();
            try {
                for (String[] codec : CODECS) {
                    Path file = dir.resolve(codec[0] + "." + codec[1]);
                    DecodeBench.encode(file, minutes, codec[2]);
                    long bareFrames = DecodeBench.decodeOurs(file); // also the warm-up
                    ResourceRequest player = ResourceRequest.of(file);
                    ResourceRequest offline = player.withQueue(DecodeCommand.QUEUE);
                    long readFrames = readAll(audio, player);
                    if (Math.abs(bareFrames - readFrames) > 4096) {
                        throw new IllegalStateException(file + ": the decoder gave " + bareFrames + " frames, the pipeline "
                                + readFrames);
                    }
                    double bare = DecodeBench.median(() -> DecodeBench.decodeOurs(file));
                    double pipeline = DecodeBench.median(() -> readAll(audio, player));
                    double offlinePipeline = DecodeBench.median(() -> readAll(audio, offline));
                    rows.add(String.format(Locale.ROOT, "| %s | %.3f s | %.3f s | **%.2f** | %.3f s | **%.2f** |",
                            codec[0], bare, pipeline, bare / pipeline, offlinePipeline, bare / offlinePipeline));
                    System.err.println(rows.get(rows.size() - 1));
                }
            } finally {
                HandWiredAudioService.stop(audio);
            }
            System.out.println("| codec | bare FfmpegDecoder loop | Resource.read, 0.5-s queue | ratio (bare time / pipeline"
                    + " time) | Resource.read, 4-s queue | ratio |");
            System.out.println("| --- | --- | --- | --- | --- | --- |");
            rows.forEach(System.out::println);
        } finally {
            DecodeBench.deleteAll(dir);
        }
    }

    /** Reads a file's PCM to its end as an application does; returns the frames read. */
    private static long readAll(AudioService audio, ResourceRequest request) throws Exception {
        long samples = 0;
        try (Resource r = audio.open(request)) {
            float[] buffer = new float[8192];
            for (int n = r.read(buffer, 0, buffer.length); n >= 0; n = r.read(buffer, 0, buffer.length)) {
                samples += n;
            }
            return samples / r.spec().channels();
        }
    }
}
