package kithara.stream.cache;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Transforms a resource once, when it commits (HLS: AES-128 decryption), chunk by chunk in order. What it
 * returns is what the cache stores and serves.
 */
@FunctionalInterface
public interface Processor {

    /**
     * Processes the next chunk.
     *
     * @param input the chunk; consumed by the call
     * @param last  whether this is the last chunk (a cipher then removes its padding)
     * @return the output for this chunk, possibly empty
     * @throws IOException when the input cannot be processed (e.g. bad padding): the commit fails
     */
    ByteBuffer process(ByteBuffer input, boolean last) throws IOException;
}
