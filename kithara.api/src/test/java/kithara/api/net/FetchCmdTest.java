package kithara.api.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class FetchCmdTest {

    private static final FetchSink SINK = new FetchSink() {
        @Override public void onResponse(FetchResponse response) { }
        @Override public void onData(long offset, ByteBuffer chunk) { }
        @Override public void onComplete(long bytes) { }
        @Override public void onFailure(FetchException failure) { }
    };

    @Test
    void onlyHttpUrisAreFetched() {
        assertThrows(IllegalArgumentException.class, () -> new FetchCmd(URI.create("file:///etc/passwd"), 0,
                OptionalLong.empty(), FetchPriority.DEMAND, Map.of(), SINK));
        assertThrows(IllegalArgumentException.class, () -> new FetchCmd(URI.create("/relative"), 0,
                OptionalLong.empty(), FetchPriority.DEMAND, Map.of(), SINK));
    }

    @Test
    void rangesAreValidated() {
        URI uri = URI.create("https://example.test/a.mp3");
        assertThrows(IllegalArgumentException.class, () -> new FetchCmd(uri, -1, OptionalLong.empty(),
                FetchPriority.PREFETCH, Map.of(), SINK));
        assertThrows(IllegalArgumentException.class, () -> new FetchCmd(uri, 0, OptionalLong.of(0),
                FetchPriority.PREFETCH, Map.of(), SINK));
        assertFalse(new FetchCmd(uri, 0, OptionalLong.empty(), FetchPriority.DEMAND, Map.of(), SINK).isRanged());
        assertTrue(new FetchCmd(uri, 10, OptionalLong.empty(), FetchPriority.DEMAND, Map.of(), SINK).isRanged());
        assertTrue(new FetchCmd(uri, 0, OptionalLong.of(10), FetchPriority.DEMAND, Map.of(), SINK).isRanged());
    }

    @Test
    void demandComesFirst() {
        assertTrue(FetchPriority.DEMAND.compareTo(FetchPriority.PREFETCH) < 0);
    }

    @Test
    void samplesAndFailuresDescribeThemselves() {
        URI uri = URI.create("http://example.test/seg1.m4s");
        assertEquals(8_000.0, new BandwidthSample(uri, 1000, Duration.ofSeconds(1)).bitsPerSecond(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new BandwidthSample(uri, 1, Duration.ZERO));
        FetchException e = new FetchException(uri, FetchException.Reason.HTTP_STATUS, OptionalInt.of(503), true,
                "service unavailable", null);
        assertTrue(e.getMessage().contains("503") && e.getMessage().contains(uri.toString()), e.getMessage());
        assertTrue(e.isRetryable());
    }
}
