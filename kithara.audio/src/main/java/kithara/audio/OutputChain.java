package kithara.audio;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import kithara.api.decode.DecoderException;
import kithara.api.decode.PcmChunk;
import kithara.api.dsp.AudioEffect;
import kithara.api.dsp.ResampleQuality;
import kithara.api.dsp.Resampler;
import kithara.api.dsp.ResamplerSession;
import kithara.api.media.PcmSpec;

/**
 * What turns decoded PCM into a resource's output spec: {@link #convert} passes a chunk through as it is when its rate
 * and channels already match (no resampler, no copy), and otherwise converts it with a session of the
 * {@link Resampler} service, opened on the first such chunk and replaced when the decoded spec changes; the effects
 * (the gain first) then work on the output samples in place ({@link #applyEffects}). Used by the decode work only.
 */
final class OutputChain implements AutoCloseable {

    private final PcmSpec output;
    private final ResampleQuality quality;
    private final Supplier<Optional<Resampler>> resamplers;
    private final List<AudioEffect> effects;
    private final String description;
    private ResamplerSession resampler;

    /** A chain to {@code output}; the effects are prepared for it here. */
    OutputChain(PcmSpec output, ResampleQuality quality, Supplier<Optional<Resampler>> resamplers,
                List<AudioEffect> effects, String description) {
        this.output = output;
        this.quality = quality;
        this.resamplers = resamplers;
        this.effects = List.copyOf(effects);
        this.description = description;
        this.effects.forEach(e -> e.prepare(output));
    }

    /** Whether PCM of {@code decoded} goes out as it is, with no resampler. */
    boolean passesThrough(PcmSpec decoded) {
        return decoded.sampleRate() == output.sampleRate() && decoded.channels() == output.channels();
    }

    /**
     * Returns the chunk in the output spec: the chunk itself when it is in it, else what the resampler gives for it
     * (empty while it buffers).
     *
     * @throws DecoderException when a conversion is needed and no {@link Resampler} service is there
     */
    Optional<PcmChunk> convert(PcmChunk decoded) throws IOException {
        PcmSpec in = decoded.spec();
        if (passesThrough(in)) {
            return Optional.of(decoded);
        }
        if (resampler == null || !resampler.input().equals(in)) {
            closeResampler();
            Resampler service = resamplers.get().orElseThrow(() -> new DecoderException(DecoderException.Reason.NATIVE,
                    description, "pcm", "no Resampler service to convert " + in + " to " + output, null));
            resampler = service.open(in, output, quality);
        }
        return resampler.process(decoded);
    }

    /** Returns what the resampler still holds at the end of the stream, if one is in use. */
    Optional<PcmChunk> flush() throws IOException {
        return resampler == null ? Optional.empty() : resampler.flush();
    }

    /** Runs the effects, in order, over {@code frames} frames of output samples. */
    void applyEffects(float[] samples, int frames) {
        for (AudioEffect e : effects) {
            e.process(samples, frames);
        }
    }

    /** Forgets the resampler's history: the decoded PCM does not continue what it had (another decoder took over). */
    void restart() {
        if (resampler != null) {
            resampler.reset();
        }
    }

    /** Forgets the resampler's and the effects' history: playback moved. */
    void seeked() {
        restart();
        effects.forEach(AudioEffect::reset);
    }

    /** Frees the resampler session, if one was opened. */
    @Override
    public void close() {
        closeResampler();
    }

    private void closeResampler() {
        if (resampler != null) {
            resampler.close();
            resampler = null;
        }
    }
}
