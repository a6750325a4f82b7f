package kithara.launcher.command;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kithara play}: plays a URI or path on the default audio device (javax.sound.sampled, 16-bit stereo at
 * 44.1 kHz). Without an audio device it says so in one line and names {@code decode} as the alternative.
 */
@Command(name = "play", mixinStandardHelpOptions = true, description = "Play a URI or a path on the default audio device.")
public final class PlayCommand implements Callable<Integer> {

    private static final int RATE = 44100;
    private static final int CHANNELS = 2;

    private final BundleContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<uri>", description = "http(s) or file URI, or a local path.")
    String input;

    @Option(names = "--start", description = "Start at this many seconds.")
    Double start;

    /** Creates the command for the launcher bundle's context. */
    public PlayCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        AudioFormat format = new AudioFormat(RATE, 16, CHANNELS, true, false);
        SourceDataLine line;
        try {
            line = AudioSystem.getSourceDataLine(format);
            line.open(format);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            spec.commandLine().getErr().println("kithara play: no audio device (" + e.getMessage()
                    + "); write a WAV file instead: kithara decode " + input + " -o out.wav");
            return 1;
        }
        URI uri = DecodeCommand.toUri(input);
        ServiceTracker<AudioService, AudioService> tracker = new ServiceTracker<>(context, AudioService.class, null);
        tracker.open();
        try (Resource r = tracker.waitForService(30_000).open(ResourceRequest.of(uri).withSampleRate(RATE).withChannels(CHANNELS))) {
            if (start != null) {
                r.seek(Duration.ofNanos((long) (start * 1e9)));
            }
            line.start();
            float[] pcm = new float[4096 * CHANNELS];
            byte[] bytes = new byte[pcm.length * 2];
            for (int n = r.read(pcm); n >= 0; n = r.read(pcm)) {
                for (int i = 0; i < n; i++) {
                    int s = Math.round(Math.max(-1f, Math.min(1f, pcm[i])) * 32767f);
                    bytes[2 * i] = (byte) s;
                    bytes[2 * i + 1] = (byte) (s >> 8);
                }
                line.write(bytes, 0, n * 2);
            }
            line.drain();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("kithara play: " + uri + ": " + e.getMessage());
            return DecodeCommand.exitCodeFor(e);
        } finally {
            line.close();
            tracker.close();
        }
    }
}
