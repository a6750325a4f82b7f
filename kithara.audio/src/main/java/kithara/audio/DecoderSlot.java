package kithara.audio;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderException;
import kithara.api.decode.DecoderProvider;
import kithara.api.event.KitharaEvent;
import kithara.api.media.MediaInfo;
import kithara.api.source.Source;
import kithara.stream.io.SourceStream;

/**
 * The decoder a resource reads and the provider that made it. {@link #open} puts a decoder in the slot on the source
 * from a byte base: the best provider that supports the media, other than one to avoid, and the next one when it fails;
 * it publishes a {@link KitharaEvent.DecoderChanged} when the decoder replaces another one for a reason or because a
 * provider failed. Where and why to open is the resource's business; the slot knows which providers there are.
 * Used by the resource's decode work only (one thread at a time).
 */
final class DecoderSlot {

    private static final Logger LOG = LoggerFactory.getLogger(DecoderSlot.class);
    private static final Duration READ_DEADLINE = Duration.ofSeconds(30);

    private final Source source;
    private final String description;
    private final Supplier<List<RankedProviders.Ranked<DecoderProvider>>> providers;
    private final Events events;

    private Decoder decoder;
    private BorrowedSource input;
    private RankedProviders.Ranked<DecoderProvider> provider;

    DecoderSlot(Source source, String description, Supplier<List<RankedProviders.Ranked<DecoderProvider>>> providers,
                Events events) {
        this.source = source;
        this.description = description;
        this.providers = providers;
        this.events = events;
    }

    /** The decoder in the slot; null before the first open and after close. */
    Decoder decoder() {
        return decoder;
    }

    /** The view of the source the decoder reads (its format period, where the source has them). */
    BorrowedSource input() {
        return input;
    }

    /** The name of the provider the decoder came from, "none" before the first open. */
    String providerName() {
        return provider == null ? "none" : provider.name();
    }

    /** The provider the decoder came from, empty before the first open. */
    Optional<DecoderProvider> provider() {
        return provider == null ? Optional.empty() : Optional.of(provider.service());
    }

    /** Whether the decoder came from {@code service}. */
    boolean isFrom(DecoderProvider service) {
        return provider != null && provider.service() == service;
    }

    /**
     * Closes the decoder in the slot, if any, and opens one on the source from byte {@code base} (a period's start; 0
     * for sources of one format) with the best provider other than {@code excluded} that supports the media, trying the
     * next on failure. Where the source has no periods, the decoder is moved to {@code position}; in a period the caller
     * aligns the PCM instead, and the decoder reads in order: it never seeks there (seeks open new periods), and a
     * seekable input would let FFmpeg walk every fragment of a fragmented MP4 period, to its unknown end, before its
     * first PCM.
     *
     * @param reason why the decoder is replaced, for the event; null where no replacement is meant
     * @throws DecoderException when no provider can decode the media (the last failure is the cause)
     */
    void open(Optional<DecoderProvider> excluded, long base, Duration position, String reason) throws IOException {
        close();
        IOException last = null;
        Optional<String> from = provider == null ? Optional.empty() : Optional.of(provider.name());
        BorrowedSource view = new BorrowedSource(source, base);
        MediaInfo hint = view.mediaInfo();
        List<RankedProviders.Ranked<DecoderProvider>> candidates = providers.get();
        for (RankedProviders.Ranked<DecoderProvider> candidate : candidates) {
            if (excluded.isPresent() && candidate.service() == excluded.get() || !candidate.service().supports(hint)) {
                continue;
            }
            Decoder d = null;
            try {
                d = candidate.service().open(new SourceStream(view, description, READ_DEADLINE, view.period().isEmpty()),
                        hint);
                if (!position.isZero() && view.period().isEmpty()) {
                    d.seek(position);
                }
                decoder = d;
                input = view;
                RankedProviders.Ranked<DecoderProvider> previous = provider;
                provider = candidate;
                if (last != null || (reason != null && previous != null)) {
                    String why = reason != null ? reason : "the previous provider failed: " + last.getMessage();
                    LOG.info("{}: decoding with {} from {} ({})", description, candidate.name(), position, why);
                    events.publish(new KitharaEvent.DecoderChanged(from, candidate.name(), why, position));
                }
                return;
            } catch (IOException | RuntimeException thrown) {
                // a provider's bug (an unchecked exception) is that provider failing, not the resource: try the next
                closeQuietly(d, thrown);
                IOException e = thrown instanceof IOException io ? io : new DecoderException(
                        DecoderException.Reason.NATIVE, description, candidate.name(), "the provider failed: " + thrown, thrown);
                LOG.info("{}: provider {} cannot decode it: {}", description, candidate.name(), e.getMessage());
                events.publish(new KitharaEvent.PipelineError("decoder", candidate.name() + ": " + e.getMessage(), false));
                if (provider == null) {
                    from = Optional.of(candidate.name()); // the first choice failed: the change is from it
                }
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
        String codec = hint.codec().map(Enum::name).or(() -> hint.container().map(Enum::name)).orElse("unknown media")
                .toLowerCase(Locale.ROOT);
        throw new DecoderException(DecoderException.Reason.UNSUPPORTED_CODEC, description, codec, "no decoder for " + codec
                + " (decoder providers installed: " + candidates.stream().map(RankedProviders.Ranked::name).toList() + ")",
                null);
    }

    /** Closes the decoder in the slot, if any; a failure to close is logged. */
    void close() {
        if (decoder != null) {
            try {
                decoder.close();
            } catch (IOException e) {
                LOG.debug("{}: closing the decoder failed", description, e);
            }
            decoder = null;
        }
    }

    /** Closes a decoder that failed before it was taken into use; a failure to close is kept with the first one. */
    private static void closeQuietly(Decoder d, Exception failure) {
        if (d == null) {
            return;
        }
        try {
            d.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
