package kithara.launcher.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;

import kithara.api.audio.AudioService;
import kithara.api.audio.PcmReader;
import kithara.api.audio.PlayQueue;
import kithara.api.audio.QueueListener;
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
 * AudioService; several inputs are written back to back through a play queue, sample for sample as their own decodes.
 * Every option is checked before an input is opened. Exit codes: 0 ok, 2 usage, 3 an input cannot be had (network,
 * missing file), 4 unsupported media, 5 a decode error; with several inputs, one that fails is named on stderr, the
 * others are written, and the exit code is the first failure's.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode URIs or paths to a WAV file (-o - writes to standard output); several play back to back.",
                "Exit codes: 0 ok, 2 usage, 3 input unavailable (network, missing file), 4 unsupported media, 5 decode error."})
public final class DecodeCommand implements Callable<Integer> {

    /** The lowest and highest output sample rates accepted. */
    static final int MIN_RATE = 8_000;
    static final int MAX_RATE = PcmSpec.MAX_SAMPLE_RATE;
    /** The most output channels accepted (a WAV file without channel masks). */
    static final int MAX_CHANNELS = 8;
    /**
     * How much PCM each input may decode ahead of the writer: decoding renders as fast as the decoder goes, and while
     * the writer waits for PCM the decode thread wakes it once per half queue (tens of microseconds each on virtual
     * machines). With a player's half second that was 2,400 wake-ups per 10 minutes of audio, a tenth of an MP3
     * decode; 4 seconds of stereo at 48 kHz hold 1.5 MB. {@code PipelineBench} reads with it too.
     */
    public static final Duration QUEUE = Duration.ofSeconds(4);

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "<uri>", description = "http(s) or file URI, or a local path; several are"
            + " written back to back (in the first one's rate and channels unless --rate and --channels say otherwise).")
    List<String> inputs;

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

    @Option(names = "--start", description = "Start at this many seconds (sample-accurate), 0 or more; one input only.")
    Double start;

    @Option(names = "--duration", description = "Decode at most this many seconds, above 0.")
    Double duration;

    @Option(names = "--crossfade", description = "With several inputs: mix the last SEC seconds of each with the start"
            + " of the next at equal power (default 0: back to back, every sample).")
    Double crossfade;

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
        check.seconds("--crossfade", crossfade, false);
        check.outputFile("-o", output);
        if (start != null && inputs.size() > 1) {
            throw check.fail("--start", "one input (it seeks within it)", inputs.size() + " inputs");
        }
        if (decoder != null) {
            List<String> installed = DecoderProviders.names(context);
            if (!installed.contains(decoder)) {
                throw check.fail("--decoder", "an installed decoder provider " + installed, decoder);
            }
        }
        List<URI> uris = inputs.stream().map(input -> Inputs.toUri(spec, input)).toList();
        List<ResourceRequest> requests = uris.stream().map(this::request).toList();
        return AudioServices.with(context, audio -> requests.size() == 1
                ? decode(audio, requests.get(0), wav) : decodeInOrder(audio, requests, wav));
    }

    /** The request for one input, with the options that apply to each. */
    private ResourceRequest request(URI uri) {
        ResourceRequest request = ResourceRequest.of(uri).withHeaders(headers.asMap()).withQueue(QUEUE);
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
        return request;
    }

    private boolean toStandardOutput() {
        return output.toString().equals("-");
    }

    private int decode(AudioService audio, ResourceRequest request, WavWriter.Format wav) {
        try (Resource r = audio.open(request)) {
            if (start != null) {
                r.seek(Duration.ofNanos((long) (start * 1e9)));
            }
            write(r, wav, r);
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println(Inputs.failureLine("decode", request.uri(), e));
            return Inputs.exitCodeFor(e);
        }
    }

    /**
     * Several inputs through one play queue, in the rate and channels of the options or else of the first input that
     * opens; an input that fails is named on stderr and skipped.
     */
    private int decodeInOrder(AudioService audio, List<ResourceRequest> requests, WavWriter.Format wav) {
        List<Integer> failures = new CopyOnWriteArrayList<>();
        QueueListener report = new QueueListener() {
            @Override
            public void itemFailed(int index, ResourceRequest item, IOException error) {
                spec.commandLine().getErr().println(Inputs.failureLine("decode", item.uri(), error));
                failures.add(Inputs.exitCodeFor(error));
            }
        };
        try (PlayQueue queue = audio.openQueue(outputSpec(audio, requests))) {
            queue.addListener(report);
            if (crossfade != null) {
                queue.setCrossfade(Duration.ofNanos((long) (crossfade * 1e9)));
            }
            requests.forEach(queue::add);
            write(queue, wav, null);
        } catch (IOException e) {
            spec.commandLine().getErr().println(Inputs.failureLine("decode", requests.get(0).uri(), e));
            return Inputs.exitCodeFor(e);
        }
        return failures.isEmpty() ? 0 : failures.get(0);
    }

    /** The queue's spec: --rate and --channels, completed by the first input that opens. */
    private PcmSpec outputSpec(AudioService audio, List<ResourceRequest> requests) throws IOException {
        if (rate != null && channels != null) {
            return PcmSpec.of(rate, channels);
        }
        IOException first = null;
        for (ResourceRequest request : requests) {
            try (Resource probe = audio.open(request)) {
                return PcmSpec.of(probe.spec().sampleRate(), probe.spec().channels());
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    /** Writes what the reader delivers (at most --duration) to the output, and the summary line. */
    private void write(PcmReader reader, WavWriter.Format wav, Resource progressOf) throws IOException {
        int rate = reader.spec().sampleRate();
        int channels = reader.spec().channels();
        long maxFrames = duration == null ? Long.MAX_VALUE : (long) Math.floor(duration * rate);
        float[] buf = new float[8192 * channels];
        long frames;
        try (WavWriter out = toStandardOutput() ? WavWriter.toStandardOutput(wav, rate, channels, !raw)
                : WavWriter.toFile(output, wav, rate, channels, !raw);
             ProgressBar bar = ProgressBar.forThisProcess()) {
            if (progressOf != null) {
                bar.follow(progressOf);
            }
            Optional<Duration> length = progressOf == null ? Optional.empty() : progressOf.duration();
            while (out.frames() < maxFrames) {
                bar.update(reader.position(), length, false);
                int want = (int) Math.min(buf.length / channels, maxFrames - out.frames()) * channels;
                int n = reader.read(buf, 0, want);
                if (n < 0) {
                    break;
                }
                out.write(buf, n);
            }
            frames = out.frames();
            bar.update(reader.position(), length, true);
        }
        // with the audio on standard output, the summary goes to stderr
        PrintWriter summary = toStandardOutput() ? spec.commandLine().getErr() : spec.commandLine().getOut();
        summary.printf(Locale.ROOT, "wrote %s: %d Hz, %d channels, %.3f s, %s%s%n",
                toStandardOutput() ? "standard output" : output, rate, channels, frames / (double) rate,
                wav.name().toLowerCase(Locale.ROOT), raw ? " raw" : "");
        summary.flush();
    }
}
