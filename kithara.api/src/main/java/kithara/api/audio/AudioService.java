package kithara.api.audio;

import java.io.IOException;
import java.util.List;

import kithara.api.media.PcmSpec;

/**
 * The entry point for applications, registered as an OSGi service: opens a URI or path as a
 * {@link Resource} delivering PCM, choosing the protocol among {@code StreamType} services and the
 * decoder among {@code DecoderProvider} services.
 */
public interface AudioService {

    /**
     * Opens a resource. Blocks until the source is opened and the decoder has probed the media and
     * preloaded its first chunks.
     *
     * @return the resource, which the caller owns and closes
     * @throws kithara.api.source.SourceException   when no protocol accepts the URI or the bytes cannot be had
     * @throws kithara.api.decode.DecoderException  when no decoder can decode the media
     * @throws IOException                          for other I/O failures
     */
    Resource open(ResourceRequest request) throws IOException;

    /**
     * Opens an empty {@link PlayQueue} that delivers PCM in {@code output}: items are converted to its rate and channel
     * count, and played back to back.
     *
     * @throws UnsupportedOperationException when this service has no queues
     */
    default PlayQueue openQueue(PcmSpec output) {
        throw new UnsupportedOperationException("this AudioService has no play queues");
    }

    /**
     * Returns a {@link Player} of {@code queue} into {@code sink}, stopped: {@link Player#play} starts it. The player
     * owns both from here and closes them when it closes.
     *
     * @throws IllegalArgumentException      when the queue's spec is not the sink's
     * @throws UnsupportedOperationException when this service has no players
     */
    default Player newPlayer(PlayQueue queue, AudioSink sink) {
        throw new UnsupportedOperationException("this AudioService has no players");
    }

    /** Returns a snapshot of every resource open now, in the order they were opened. */
    default List<ResourceStatus> openResources() {
        return List.of();
    }
}
