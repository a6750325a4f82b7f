package kithara.launcher.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleContext;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.media.PcmSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kithara decode}: any supported URI or path to a WAV file (or raw samples, or standard output), through the
 * AudioService. Every option is checked before the input is opened. Exit codes: 0 ok, 2 usage, 3 the input cannot be
 * had (network, missing file), 4 unsupported media, 5 a decode error.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode a URI or a path to a WAV file (-o - writes to standard output).",
                "Exit codes: 0 ok, 2 usage, 3 input unavailable (network, missing file), 4 unsupported media, 5 decode error."})
public final class DecodeCommand implements Callable<Integer> {

    /** The lowest and highest output sample rates accepted. */
    static final int MIN_RATE = 8_000;
    static final int MAX_RATE = PcmSpec.MAX_SAMPLE_RATE;
    /** The most output channels accepted (a WAV file without channel masks). */
    static final int MAX_CHANNELS = 8;

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<uri>", description = "http(s) or file URI, or a local path.")
    String input;

    @Option(names = {"-o", "--output"}, required = true, description = "The WAV file to write; - writes to standard output.")
    Path output;

    @Option(names = "--raw", description = "Write raw little-endian samples in the --format, without a WAV header.")
    boolean raw;

    @Option(names = "--rate", description = "Output sample rate, " + MIN_RATE + " to " + MAX_RATE + " (default: the source's).")
    Integer rate;

    @Option(names = "--channels", description = "Output channel count, 1 to " + MAX_CHANNELS + " (default: the source's).")
    Integer channels;

    @Option(names = "--format", description = "f32 (IEEE float, default), s16 or s24.", defaultValue = "f32")
    String format;

    @Option(names = "--start", description = "Start at this many seconds (sample-accurate), 0 or more.")
    Double start;

    @Option(names = "--duration", description = "Decode at most this many seconds, above 0.")
    Double duration;

    @Option(names = "--variant", description = "HLS: the variant of the master playlist to play, by index (0 or more).")
    Integer variant;

    @Mixin
    HeaderOptions headers;

    @Option(names = "--decoder", description = "Use only the decoder provider with this name (e.g. ffmpeg).")
    String decoder;

    /** Creates the command for the launcher bundle's context. */
    public DecodeCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        OptionChecks check = new OptionChecks(spec);
        WavWriter.Format wav;
        try {
            wav = WavWriter.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw check.fail("--format", "f32, s16 or s24", format);
        }
        check.range("--rate", rate, MIN_RATE, MAX_RATE);
        check.range("--channels", channels, 1, MAX_CHANNELS);
        check.atLeast("--variant", variant, 0);
        check.seconds("--start", start, false);
        check.seconds("--duration", duration, true);
        check.outputFile("-o", output);
        if (decoder != null) {
            List<String> installed = DecoderProviders.names(context);
            if (!installed.contains(decoder)) {
                throw check.fail("--decoder", "an installed decoder provider " + installed, decoder);
            }
        }
        URI uri = Inputs.toUri(spec, input);
        ResourceRequest request = ResourceRequest.of(uri).withHeaders(headers.asMap());
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

    private boolean toStandardOutput() {
        return output.toString().equals("-");
    }

    private int decode(AudioService audio, ResourceRequest request, URI uri, WavWriter.Format wav) {
        try (Resource r = audio.open(request)) {
            if (start != null) {
                r.seek(Duration.ofNanos((long) (start * 1e9)));
            }
            int rate = r.spec().sampleRate();
            int channels = r.spec().channels();
            long maxFrames = duration == null ? Long.MAX_VALUE : (long) Math.floor(duration * rate);
            float[] buf = new float[8192 * channels];
            long frames;
            try (WavWriter out = toStandardOutput() ? WavWriter.toStandardOutput(wav, rate, channels, !raw)
                    : WavWriter.toFile(output, wav, rate, channels, !raw);
                 ProgressBar bar = ProgressBar.forThisProcess()) {
                bar.follow(r);
                while (out.frames() < maxFrames) {
                    bar.update(r.position(), r.duration(), false);
                    int want = (int) Math.min(buf.length / channels, maxFrames - out.frames()) * channels;
                    int n = r.read(buf, 0, want);
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, n);
                }
                frames = out.frames();
                bar.update(r.position(), r.duration(), true);
            }
            // with the audio on standard output, the summary goes to stderr
            PrintWriter summary = toStandardOutput() ? spec.commandLine().getErr() : spec.commandLine().getOut();
            summary.printf(Locale.ROOT, "wrote %s: %d Hz, %d channels, %.3f s, %s%s%n",
                    toStandardOutput() ? "standard output" : output, rate, channels, frames / (double) rate,
                    wav.name().toLowerCase(Locale.ROOT), raw ? " raw" : "");
            summary.flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println(Inputs.failureLine("decode", uri, e));
            return Inputs.exitCodeFor(e);
        }
    }
}
