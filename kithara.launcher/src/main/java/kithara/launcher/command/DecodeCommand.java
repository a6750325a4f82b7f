package kithara.launcher.command;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.decode.DecoderException;
import kithara.api.net.FetchException;
import kithara.api.source.SourceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kithara decode}: any supported URI or path to a WAV file, through the AudioService. Exit codes: 0 ok,
 * 2 usage, 3 the input cannot be had (network, missing file), 4 unsupported media, 5 a decode error.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode a URI or a path to a WAV file.",
                "Exit codes: 0 ok, 2 usage, 3 input unavailable (network, missing file), 4 unsupported media, 5 decode error."})
public final class DecodeCommand implements Callable<Integer> {

    /** Exit code: the input could not be had. */
    static final int INPUT_UNAVAILABLE = 3;
    /** Exit code: the media is not supported. */
    static final int UNSUPPORTED = 4;
    /** Exit code: decoding failed. */
    static final int DECODE_ERROR = 5;

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<uri>", description = "http(s) or file URI, or a local path.")
    String input;

    @Option(names = {"-o", "--output"}, required = true, description = "The WAV file to write.")
    Path output;

    @Option(names = "--rate", description = "Output sample rate (default: the source's).")
    Integer rate;

    @Option(names = "--channels", description = "Output channel count (default: the source's).")
    Integer channels;

    @Option(names = "--format", description = "f32 (IEEE float, default), s16 or s24.", defaultValue = "f32")
    String format;

    @Option(names = "--start", description = "Start at this many seconds (sample-accurate).")
    Double start;

    @Option(names = "--duration", description = "Decode at most this many seconds.")
    Double duration;

    @Option(names = "--variant", description = "HLS: the variant of the master playlist to play, by index.")
    Integer variant;

    @Option(names = "--decoder", description = "Use only the decoder provider with this name (e.g. ffmpeg).")
    String decoder;

    /** Creates the command for the launcher bundle's context. */
    public DecodeCommand(BundleContext context) {
        this.context = context;
    }

    /** Turns a command-line argument into a URI: URIs with a scheme as they are, anything else as a path. */
    static URI toUri(String arg) {
        if (arg.matches("(?i)(https?|file):.*")) {
            return URI.create(arg);
        }
        return Paths.get(arg).toAbsolutePath().normalize().toUri();
    }

    @Override
    public Integer call() throws Exception {
        WavWriter.Format wav;
        try {
            wav = WavWriter.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kithara decode: --format must be f32, s16 or s24, not " + format);
            return 2;
        }
        URI uri;
        try {
            uri = toUri(input);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kithara decode: not a URI or path: " + input);
            return 2;
        }
        ResourceRequest request = ResourceRequest.of(uri);
        if (rate != null) {
            request = request.withSampleRate(rate);
        }
        if (channels != null) {
            request = request.withChannels(channels);
        }
        if (variant != null) {
            request = request.withVariant(variant);
        }
        if (decoder != null) {
            request = request.withDecoder(decoder);
        }
        ResourceRequest chosen = request;
        return AudioServices.with(context, audio -> decode(audio, chosen, uri, wav));
    }

    private int decode(AudioService audio, ResourceRequest request, URI uri, WavWriter.Format wav) {
        try (Resource r = audio.open(request)) {
            if (start != null) {
                r.seek(Duration.ofNanos((long) (start * 1e9)));
            }
            long maxFrames = duration == null ? Long.MAX_VALUE : (long) Math.floor(duration * r.spec().sampleRate());
            float[] buf = new float[8192 * r.spec().channels()];
            long frames;
            try (WavWriter out = new WavWriter(output, wav, r.spec().sampleRate(), r.spec().channels());
                 ProgressBar bar = ProgressBar.forThisProcess()) {
                bar.follow(r);
                while (out.frames() < maxFrames) {
                    bar.update(r.position(), r.duration(), false);
                    int want = (int) Math.min(buf.length / r.spec().channels(), maxFrames - out.frames()) * r.spec().channels();
                    int n = r.read(buf, 0, want);
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, n);
                }
                frames = out.frames();
                bar.update(r.position(), r.duration(), true);
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %d Hz, %d channels, %.3f s, %s%n", output,
                    r.spec().sampleRate(), r.spec().channels(), frames / (double) r.spec().sampleRate(),
                    wav.name().toLowerCase(Locale.ROOT));
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("kithara decode: " + uri + ": " + e.getMessage());
            return exitCodeFor(e);
        }
    }

    /** Maps a failure to the documented exit code. */
    static int exitCodeFor(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DecoderException d) {
                return d.reason() == DecoderException.Reason.UNSUPPORTED_CODEC
                        || d.reason() == DecoderException.Reason.UNSUPPORTED_CONTAINER ? UNSUPPORTED
                        : d.reason() == DecoderException.Reason.INPUT ? INPUT_UNAVAILABLE : DECODE_ERROR;
            }
            if (t instanceof SourceException || t instanceof FetchException) {
                return INPUT_UNAVAILABLE;
            }
        }
        return 1;
    }
}
