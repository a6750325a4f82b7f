package kithara.api.net;

import java.util.List;

/**
 * Something that wants bytes fetched: a progressive download or an HLS stream. The {@link Downloader}
 * pulls commands from its peers when woken; peers never push.
 */
public interface Peer {

    /**
     * Returns up to {@code max} commands to start now, most urgent first, or an empty list when the
     * peer wants nothing (e.g. look-ahead backpressure). Called on the downloader's scheduling thread;
     * must not block.
     */
    List<FetchCmd> poll(int max);

    /** Receives a throughput sample for one of this peer's fetches; must not block. Ignored by default. */
    default void onBandwidthSample(BandwidthSample sample) {
    }

    /** Returns a short description for logs and errors, e.g. the URI. */
    String describe();
}
