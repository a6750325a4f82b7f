package kithara.api.decode;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntFunction;

import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;

/**
 * Decodes one input to interleaved float32 PCM at the stream's native rate. Used by one thread at a
 * time; {@link #close()} frees native memory and may be called from the using thread only.
 */
public interface Decoder extends Closeable {

    /** Returns the format of the PCM this decoder produces. */
    PcmSpec spec();

    /** Returns what the decoder found out about the media (codec, container, duration...). */
    MediaInfo mediaInfo();

    /** Returns the duration of the stream, when the container tells it. */
    Optional<Duration> duration();

    /**
     * Decodes the next chunk. Blocks while the input waits for bytes.
     *
     * @return the next chunk, valid until the next call to {@code next}, {@code seek} or {@code close};
     *         empty at the end of the stream (and on every later call)
     * @throws DecoderException when the data cannot be decoded or the input failed (as its cause)
     */
    Optional<PcmChunk> next() throws IOException;

    /**
     * Decodes the next chunk into an array of the caller's, which it keeps: {@code arrays} is asked for an array of
     * at least the given number of samples, and the chunk returned holds it; the decoder does not touch it again. A
     * consumer that keeps the PCM (a queue) saves the copy of {@link #next()}'s chunk that it would make; a decoder
     * that converts into memory of its own anyway writes into the caller's array instead. By default it is that copy.
     *
     * @param arrays gives an array of at least the number of samples asked for
     * @return as {@link #next()}, with the chunk's samples in an array from {@code arrays}
     * @throws DecoderException as {@link #next()}
     */
    default Optional<PcmChunk> nextInto(IntFunction<float[]> arrays) throws IOException {
        Optional<PcmChunk> decoded = next();
        if (decoded.isEmpty()) {
            return decoded;
        }
        PcmChunk c = decoded.get();
        float[] kept = arrays.apply(c.sampleCount());
        System.arraycopy(c.samples(), 0, kept, 0, c.sampleCount());
        return Optional.of(new PcmChunk(c.spec(), c.startFrame(), kept, c.frames()));
    }

    /**
     * Moves to {@code position}: the next chunk starts at the frame that plays at that time, and the PCM that
     * follows equals what a decode from the start gives there. A position past the end leaves the decoder at
     * the end (the next call to {@link #next()} returns empty).
     *
     * @throws DecoderException when the input cannot seek or the position is negative
     */
    void seek(Duration position) throws IOException;

    /**
     * Returns the media time of frame 0 of this decoder's timeline: the container's timestamp of the first frame
     * decoded after opening, less the codec's encoder delay where it is still in the PCM (AAC in MP4 without an
     * edit list). Two decoders opened on different variants of one stream agree on what plays at
     * {@code origin() + position}, which is how a variant switch stays seamless. Known once the first chunk was
     * returned; zero before.
     */
    default Duration origin() {
        return Duration.ZERO;
    }

    /** Returns the playback time of the next frame {@link #next()} will return. */
    Duration position();

    /** Frees native memory and closes the input. Idempotent. */
    @Override
    void close() throws IOException;
}
