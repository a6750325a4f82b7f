package kithara.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderProvider;
import kithara.api.decode.PcmChunk;
import kithara.api.media.ContainerFormat;
import kithara.api.source.Source;
import kithara.api.source.StreamRequest;
import kithara.api.source.StreamType;
import kithara.stream.io.SourceStream;
import kithara.testkit.Fault;
import kithara.testkit.FaultServer;

/** The file protocol inside Felix: a local fixture and a remote file through faults, then decoded. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FileProtocolIT {

    private static final long TIMEOUT_MS = 30_000;

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return LauncherBundleSet.options("org.eclipse.jetty.server", "kithara.testkit");
    }

    @Test
    public void readsLocalAndRemoteFilesAndTheDecoderPlaysThem() throws Exception {
        Path cacheRoot = Files.createTempDirectory("kithara-file-it");
        org.osgi.service.cm.Configuration cfg = InContainer.pointCacheAt(configurationAdmin, cacheRoot);
        ServiceTracker<StreamType, StreamType> types = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + StreamType.class.getName() + ")(" + StreamType.PROTOCOL + "=file))"), null);
        ServiceTracker<DecoderProvider, DecoderProvider> decoders = new ServiceTracker<>(context, DecoderProvider.class, null);
        types.open();
        decoders.open();
        try (FaultServer server = FaultServer.start()) {
            StreamType file = types.waitForService(TIMEOUT_MS);
            assertNotNull("the file StreamType is registered", file);
            Path fixture = Paths.get(System.getProperty("kithara.testdata")).resolve("sine1k-1s.flac");
            byte[] bytes = Files.readAllBytes(fixture);
            try (SourceStream in = new SourceStream(file.open(StreamRequest.of(fixture)), fixture.toString(), Duration.ofSeconds(10))) {
                assertArrayEquals(bytes, in.readAllBytes());
            }
            byte[] big = new byte[3 << 20];
            new Random(3).nextBytes(big);
            server.serve("/big.bin", big, "application/octet-stream").fault("/big.bin", Fault.resetAfter(500_000).times(1));
            try (SourceStream in = new SourceStream(file.open(StreamRequest.of(server.uri("/big.bin"))), "big",
                    Duration.ofSeconds(10))) {
                assertArrayEquals(big, in.readAllBytes());
            }
            server.serve("/tone.flac", bytes, "audio/flac");
            Source source = file.open(StreamRequest.of(server.uri("/tone.flac")));
            assertEquals(Optional.of(ContainerFormat.FLAC), source.mediaInfo().container());
            long frames = 0;
            try (Decoder d = decoders.waitForService(TIMEOUT_MS).open(new SourceStream(source, "tone", Duration.ofSeconds(10)),
                    source.mediaInfo())) {
                for (Optional<PcmChunk> c = d.next(); c.isPresent(); c = d.next()) {
                    frames += c.get().frames();
                }
            }
            assertEquals(44100, frames);
            assertTrue(Files.walk(cacheRoot).anyMatch(p -> p.toString().endsWith(".idx")));
        } finally {
            types.close();
            decoders.close();
            cfg.delete();
        }
    }
}
