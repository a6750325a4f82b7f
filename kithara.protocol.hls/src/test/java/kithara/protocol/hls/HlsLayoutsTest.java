package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import kithara.api.media.ContainerFormat;
import kithara.api.source.Source;
import kithara.api.source.StreamRequest;
import kithara.stream.download.HttpDownloader;
import kithara.stream.http.HttpTransport;
import kithara.stream.http.TransportConfig;
import kithara.stream.io.SourceStream;
import kithara.testkit.FaultServer;

/** HLS layouts of the committed fixtures (testdata/hls): MPEG-TS segments, and one file addressed by BYTERANGE. */
class HlsLayoutsTest {

    private static final Path HLS = Paths.get(System.getProperty("kithara.testdata", "../testdata")).resolve("hls");

    private FaultServer server;
    private HttpDownloader downloader;
    private HlsStreamType hls;

    @BeforeEach
    void start() throws Exception {
        server = FaultServer.start();
        try (Stream<Path> files = Files.list(HLS)) {
            for (Path f : files.toList()) {
                server.serve("/hls/" + f.getFileName(), Files.readAllBytes(f), "application/octet-stream");
            }
        }
        downloader = new HttpDownloader(new HttpTransport(TransportConfig.DEFAULT), 6);
        hls = HlsTesting.protocol(downloader);
    }

    @AfterEach
    void stop() throws Exception {
        downloader.close();
        server.close();
    }

    private byte[] stitched(String playlist, ContainerFormat expected) throws Exception {
        try (Source source = hls.open(StreamRequest.of(server.uri("/hls/" + playlist)));
             SourceStream in = new SourceStream(source, playlist, Duration.ofSeconds(30))) {
            assertEquals(Optional.of(expected), source.mediaInfo().container());
            return in.readAllBytes();
        }
    }

    @Test
    void transportStreamSegmentsStitchInOrder() throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) {
            expected.write(Files.readAllBytes(HLS.resolve("ts-" + i + ".ts")));
        }
        assertArrayEquals(expected.toByteArray(), stitched("ts.m3u8", ContainerFormat.MPEG_TS));
    }

    @Test
    void byteRangesOfOneFileStitchToThatFile() throws Exception {
        assertArrayEquals(Files.readAllBytes(HLS.resolve("range.m4s")), stitched("range.m3u8", ContainerFormat.FRAGMENTED_MP4));
        long ranged = server.requests("/hls/range.m4s").stream().filter(r -> r.range().isPresent()).count();
        assertEquals(5, ranged, "init and four segments, each a Range request");
    }
}
