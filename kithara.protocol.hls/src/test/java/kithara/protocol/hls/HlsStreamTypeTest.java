package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import kithara.api.media.AudioCodec;
import kithara.api.media.ContainerFormat;
import kithara.api.source.Source;
import kithara.api.source.SourceException;
import kithara.api.source.StreamRequest;
import kithara.stream.download.HttpDownloader;
import kithara.stream.http.HttpTransport;
import kithara.stream.http.TransportConfig;
import kithara.stream.io.SourceStream;
import kithara.testkit.Fault;
import kithara.testkit.FaultServer;

/** The real corpus's HLS ladder, clear and AES-128, served from loopback: stitched bytes are exact. */
class HlsStreamTypeTest {

    private static final Path CORPUS = Paths.get(System.getProperty("kithara.corpus", "../../shared/corpus"));

    private FaultServer server;
    private HttpDownloader downloader;
    private HlsStreamType hls;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isDirectory(CORPUS.resolve("hls")), "../shared/corpus absent: HLS corpus tests skipped");
        server = FaultServer.start();
        for (String dir : new String[] {"hls", "drm"}) {
            try (Stream<Path> files = Files.list(CORPUS.resolve(dir))) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    String type = name.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "application/octet-stream";
                    server.serve("/" + dir + "/" + name, Files.readAllBytes(f), type);
                }
            }
        }
        downloader = new HttpDownloader(new HttpTransport(TransportConfig.DEFAULT), 6);
        hls = HlsTesting.protocol(downloader);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            downloader.close();
            server.close();
        }
    }

    /** The variant's files joined as the packager wrote them: init, then segments 1..12. */
    private static byte[] expected(String variant) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Files.readAllBytes(CORPUS.resolve("hls/init-" + variant + "-a1.mp4")));
        for (int i = 1; i <= 12; i++) {
            out.write(Files.readAllBytes(CORPUS.resolve("hls/segment-" + i + "-" + variant + "-a1.m4s")));
        }
        return out.toByteArray();
    }

    private byte[] read(URI uri, Map<String, String> headers) throws IOException {
        try (Source source = hls.open(new StreamRequest(uri, headers, Optional.empty(), Optional.empty()));
             SourceStream in = new SourceStream(source, uri.toString(), Duration.ofSeconds(30))) {
            assertEquals(Optional.of(ContainerFormat.FRAGMENTED_MP4), source.mediaInfo().container());
            return in.readAllBytes();
        }
    }

    @Test
    void clearAndEncryptedVariantsStitchToTheSameBytes() throws Exception {
        for (String variant : new String[] {"slq", "slossless"}) {
            byte[] expected = expected(variant);
            assertArrayEquals(expected, read(server.uri("/hls/index-" + variant + "-a1.m3u8"), Map.of()), variant);
            assertArrayEquals(expected, read(server.uri("/drm/index-" + variant + "-a1.m3u8"), Map.of()), "decrypted " + variant);
        }
    }

    @Test
    void theMasterPlaylistPlaysTheChosenVariant() throws Exception {
        assertArrayEquals(expected("slq"), read(server.uri("/hls/master.m3u8"), Map.of(StreamRequest.VARIANT_HEADER, "0")));
        assertArrayEquals(expected("slossless"), read(server.uri("/drm/master.m3u8"), Map.of(StreamRequest.VARIANT_HEADER, "3")));
        try (Source s = hls.open(StreamRequest.of(server.uri("/hls/master.m3u8")))) {
            assertEquals(Optional.of(AudioCodec.AAC_LC), s.mediaInfo().codec());
        }
    }

    @Test
    void segmentFaultsAreRetriedAndAMissingSegmentIsATypedError() throws Exception {
        server.fault("/hls/segment-3-slq-a1.m4s", Fault.resetAfter(1000).times(1), Fault.status(503).times(1));
        assertArrayEquals(expected("slq"), read(server.uri("/hls/index-slq-a1.m3u8"), Map.of()));
        server.fault("/hls/segment-5-smq-a1.m4s", Fault.status(404));
        SourceException e = assertThrows(SourceException.class, () -> read(server.uri("/hls/index-smq-a1.m3u8"), Map.of()));
        assertTrue(e.getMessage().contains("index-smq-a1.m3u8") || e.getCause().getMessage().contains("segment-5"),
                e.getMessage());
    }

    @Test
    void acceptsPlaylistsOnly() {
        assertTrue(hls.accepts(StreamRequest.of(URI.create("https://cdn.test/a/master.m3u8"))));
        assertTrue(hls.accepts(StreamRequest.of(URI.create("https://cdn.test/live")).withSniff("#EXTM3U\n".getBytes())));
        assertFalse(hls.accepts(StreamRequest.of(URI.create("https://cdn.test/a.mp3"))));
        assertFalse(hls.accepts(StreamRequest.of(Path.of("/tmp/local.m3u8"))));
    }
}
