package kithara.api.source;

import java.io.IOException;

/**
 * A protocol that turns a {@link StreamRequest} into a {@link Source}, registered as an OSGi service
 * with the property {@value #PROTOCOL} naming it ({@code file}, {@code hls}). The audio pipeline asks
 * every registered type whether it {@link #accepts} a request, in ranking order.
 */
public interface StreamType {

    /** Service property naming the protocol. */
    String PROTOCOL = "kithara.protocol";

    /** Returns the protocol's name, equal to its {@value #PROTOCOL} service property. */
    String name();

    /**
     * Returns whether this protocol can open the request, judging by scheme, extension, Content-Type
     * and sniffed bytes only. Never blocks and never does I/O.
     */
    boolean accepts(StreamRequest request);

    /**
     * Opens the source. May block for the first network round trip (bounded by the protocol's
     * configured timeouts).
     *
     * @return a source the caller owns and must close
     * @throws SourceException when the resource cannot be had (names the URI and the reason)
     * @throws IOException     for other I/O failures
     */
    Source open(StreamRequest request) throws IOException;
}
