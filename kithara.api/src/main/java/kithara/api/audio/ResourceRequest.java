package kithara.api.audio;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import kithara.api.dsp.AudioEffect;
import kithara.api.dsp.ResampleQuality;

/**
 * What an application asks {@link AudioService#open} for. Immutable; the {@code with…} methods return
 * copies. Defaults: the source's own rate and channels, NORMAL quality, a 0.5 s queue, 2 preloaded
 * chunks, unity gain, no effects.
 *
 * @param uri          http(s) or file URI
 * @param headers      extra HTTP request headers
 * @param sampleRate   output rate; empty keeps the source's
 * @param channels     output channel count; empty keeps the source's
 * @param quality      resampling quality
 * @param queue        how much decoded PCM may be queued ahead of the reader, {@code > 0}; a player needs little, a
 *                     reader that renders faster than real time (a transcoder) keeps pace with the decoder better with
 *                     seconds, since a reader that waits for PCM is woken once per half queue
 * @param preloadChunks chunks decoded before the first read returns, {@code >= 0}
 * @param gain         linear gain applied first in the effects chain, {@code >= 0}
 * @param effects      further effects, applied in order after the gain
 * @param decoder      the {@code DecoderProvider} to use, by name; empty lets ranking choose
 * @param variant      for HLS, the index of the variant to play in the master playlist; empty lets the protocol choose
 */
public record ResourceRequest(URI uri, Map<String, String> headers, OptionalInt sampleRate, OptionalInt channels,
                              ResampleQuality quality, Duration queue, int preloadChunks, float gain,
                              List<AudioEffect> effects, Optional<String> decoder, OptionalInt variant) {

    /** Validates the fields and copies the collections. */
    public ResourceRequest {
        Objects.requireNonNull(uri, "uri");
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("uri is not absolute: " + uri);
        }
        headers = Map.copyOf(headers);
        Objects.requireNonNull(sampleRate, "sampleRate");
        Objects.requireNonNull(channels, "channels");
        if (sampleRate.isPresent() && sampleRate.getAsInt() <= 0) {
            throw new IllegalArgumentException("sampleRate must be > 0: " + sampleRate.getAsInt());
        }
        if (channels.isPresent() && channels.getAsInt() <= 0) {
            throw new IllegalArgumentException("channels must be > 0: " + channels.getAsInt());
        }
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(queue, "queue");
        if (queue.isNegative() || queue.isZero()) {
            throw new IllegalArgumentException("queue must be > 0: " + queue);
        }
        if (preloadChunks < 0) {
            throw new IllegalArgumentException("preloadChunks < 0: " + preloadChunks);
        }
        if (!(gain >= 0f) || Float.isInfinite(gain)) {
            throw new IllegalArgumentException("gain must be finite and >= 0: " + gain);
        }
        effects = List.copyOf(effects);
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(variant, "variant");
        if (variant.isPresent() && variant.getAsInt() < 0) {
            throw new IllegalArgumentException("variant < 0: " + variant.getAsInt());
        }
    }

    /** Returns a request for {@code uri} with the defaults. */
    public static ResourceRequest of(URI uri) {
        return new ResourceRequest(uri, Map.of(), OptionalInt.empty(), OptionalInt.empty(), ResampleQuality.NORMAL,
                Duration.ofMillis(500), 2, 1f, List.of(), Optional.empty(), OptionalInt.empty());
    }

    /** Returns a request for a local file with the defaults. */
    public static ResourceRequest of(Path file) {
        return of(file.toAbsolutePath().normalize().toUri());
    }

    /**
     * Returns a copy with these HTTP request headers (credentials, API keys): they go to the URI's own origin only,
     * never to other origins a playlist or a redirect names.
     */
    public ResourceRequest withHeaders(Map<String, String> extra) {
        return new ResourceRequest(uri, extra, sampleRate, channels, quality, queue, preloadChunks, gain, effects, decoder,
                variant);
    }

    /** Returns a copy converting to {@code rate} frames per second. */
    public ResourceRequest withSampleRate(int rate) {
        return new ResourceRequest(uri, headers, OptionalInt.of(rate), channels, quality, queue, preloadChunks, gain,
                effects, decoder, variant);
    }

    /** Returns a copy converting to {@code count} channels. */
    public ResourceRequest withChannels(int count) {
        return new ResourceRequest(uri, headers, sampleRate, OptionalInt.of(count), quality, queue, preloadChunks,
                gain, effects, decoder, variant);
    }

    /** Returns a copy that queues up to {@code ahead} of decoded PCM ahead of the reader. */
    public ResourceRequest withQueue(Duration ahead) {
        return new ResourceRequest(uri, headers, sampleRate, channels, quality, ahead, preloadChunks, gain, effects,
                decoder, variant);
    }

    /** Returns a copy with the resampling quality set. */
    public ResourceRequest withQuality(ResampleQuality q) {
        return new ResourceRequest(uri, headers, sampleRate, channels, q, queue, preloadChunks, gain, effects, decoder,
                variant);
    }

    /** Returns a copy with the gain set. */
    public ResourceRequest withGain(float linearGain) {
        return new ResourceRequest(uri, headers, sampleRate, channels, quality, queue, preloadChunks, linearGain,
                effects, decoder, variant);
    }

    /** Returns a copy that decodes with the provider named {@code name} only. */
    public ResourceRequest withDecoder(String name) {
        return new ResourceRequest(uri, headers, sampleRate, channels, quality, queue, preloadChunks, gain, effects,
                Optional.of(name), variant);
    }

    /** Returns a copy that plays variant {@code index} of an HLS master playlist. */
    public ResourceRequest withVariant(int index) {
        return new ResourceRequest(uri, headers, sampleRate, channels, quality, queue, preloadChunks, gain, effects,
                decoder, OptionalInt.of(index));
    }

    /** Returns a copy with the effects chain set (after the gain). */
    public ResourceRequest withEffects(List<AudioEffect> chain) {
        return new ResourceRequest(uri, headers, sampleRate, channels, quality, queue, preloadChunks, gain, chain, decoder,
                variant);
    }
}
