package kithara.api.dsp;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

import kithara.api.decode.PcmChunk;
import kithara.api.media.PcmSpec;

/**
 * One stateful conversion from an input spec to an output spec, keeping filter state between chunks so
 * that chunk boundaries are inaudible. Used by one thread.
 */
public interface ResamplerSession extends Closeable {

    /** Returns the spec of the chunks this session accepts. */
    PcmSpec input();

    /** Returns the spec of the chunks it produces. */
    PcmSpec output();

    /**
     * Converts one chunk.
     *
     * @param in a chunk in {@link #input()}'s spec
     * @return the converted frames, valid until the next call; empty when the filter is still filling
     * @throws IllegalArgumentException when {@code in} has another spec
     * @throws IOException              when the native converter fails
     */
    Optional<PcmChunk> process(PcmChunk in) throws IOException;

    /** Returns the frames still held in the filter at the end of the stream, if any. */
    Optional<PcmChunk> flush() throws IOException;

    /** Drops the filter state, e.g. after a seek; the next chunk starts a fresh timeline. */
    void reset();

    /** Frees the native converter. Idempotent. */
    @Override
    void close();
}
