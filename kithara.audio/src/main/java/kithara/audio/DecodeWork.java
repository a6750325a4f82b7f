package kithara.audio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderException;
import kithara.api.decode.DecoderProvider;
import kithara.api.decode.PcmChunk;
import kithara.api.event.KitharaEvent;
import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;
import kithara.api.source.FormatPeriod;
import kithara.api.source.SeekAnchor;
import kithara.api.source.Source;

/**
 * The decoding of one resource, one chunk at a time: the decoder in the {@link DecoderSlot} gives PCM, the
 * {@link MediaClock} places it, the {@link OutputChain} turns it into the output spec and the {@link PcmQueue} takes
 * it, tagged with the current epoch. Between chunks it moves on to the next format period, falls back to the next
 * provider when decoding fails, replaces a provider that went away, and applies a seek as a new epoch. An epoch that
 * ended (the media's end) or failed decodes nothing more until the next seek. Not thread-safe: only the resource's
 * decode work calls it, one thread at a time.
 */
final class DecodeWork {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeWork.class);

    private final Source source;
    private final String description;
    private final DecoderSlot slot;
    private final PcmSpec output;
    private final MediaClock clock;
    private final OutputChain chain;
    private final PcmQueue queue;
    private final Events events;
    private final BooleanSupplier closed;
    private long outputFrame;
    /** The array the decoder was given for its last chunk, until that chunk is queued. */
    private float[] given;
    private final IntFunction<float[]> queueArrays = this::queueArray;
    private long epoch;
    private boolean epochFinished;

    /**
     * @param slot   the decoder, opened at the start of the media
     * @param closed whether the resource was closed: failures after that are its consequence, not news for the reader
     */
    DecodeWork(Source source, String description, DecoderSlot slot, PcmSpec output, OutputChain chain, PcmQueue queue,
               Events events, BooleanSupplier closed) {
        this.source = source;
        this.description = description;
        this.slot = slot;
        this.output = output;
        this.clock = new MediaClock(output);
        this.chain = chain;
        this.queue = queue;
        this.events = events;
        this.closed = closed;
    }

    /** Whether the epoch has ended or failed: nothing is decoded until a seek starts a new one. */
    boolean isEpochFinished() {
        return epochFinished;
    }

    /** Decodes and queues one chunk, or enters the next format period, or ends or fails the epoch. */
    void step() {
        try {
            Decoder decoder = slot.decoder();
            Optional<PcmChunk> chunk = chain.passesThrough(decoder.spec()) ? decoder.nextInto(queueArrays)
                    : decoder.next(); // the resampler's output is what gets queued
            Optional<FormatPeriod> nextPeriod = chunk.isEmpty() ? slot.input().nextPeriod() : Optional.empty();
            if (nextPeriod.isPresent()) {
                enterPeriod(nextPeriod.get());
                return;
            }
            if (chunk.isPresent()) {
                chunk = clock.align(chunk.get(), decoder.origin(), outputFrame);
                if (chunk.isEmpty()) {
                    return;
                }
            }
            if (chunk.isEmpty()) {
                Optional<PcmChunk> tail = chain.flush();
                if (tail.isPresent()) {
                    queueChunk(tail.get());
                }
                queue.end(epoch);
                epochFinished = true;
                events.publish(new KitharaEvent.EndOfStream(output.durationOf(outputFrame)));
                return;
            }
            Optional<PcmChunk> converted = chain.convert(chunk.get());
            if (converted.isPresent()) {
                queueChunk(converted.get());
            }
        } catch (InterruptedIOException e) {
            // the worker was interrupted (its flag is set again): the reader must learn it, and close() must still
            // close the source, so the resource does not count as closed here
            if (!closed.getAsBoolean()) {
                queue.abort(e);
                epochFinished = true;
            }
        } catch (IOException e) {
            if (!closed.getAsBoolean() && !fallBack(e)) {
                failEpoch(e);
                events.publish(new KitharaEvent.PipelineError("decoder", String.valueOf(e.getMessage()), true));
            }
        }
    }

    /** Ends the epoch with {@code failure}: the reader gets it once it has read what came before. */
    void failEpoch(IOException failure) {
        queue.fail(failure, epoch);
        epochFinished = true;
    }

    /**
     * Starts epoch {@code newEpoch} at {@code target}: the decoder seeks there, or, in a source with format periods, a
     * decoder opens on the period the source anchors there, its PCM cut to start at the target.
     */
    void seek(Duration target, long newEpoch) {
        epoch = newEpoch;
        outputFrame = output.framesIn(target);
        epochFinished = false;
        try {
            Optional<SeekAnchor> anchor = slot.input().period().isPresent() ? source.seekAnchor(target) : Optional.empty();
            if (anchor.isPresent()) {
                slot.open(Optional.empty(), anchor.get().byteOffset(), Duration.ZERO, null);
                clock.alignToPosition(target);
            } else {
                slot.decoder().seek(target);
            }
            chain.seeked();
            events.publish(new KitharaEvent.SeekComplete(target, newEpoch));
        } catch (IOException e) {
            failEpoch(e);
        }
    }

    /** Replaces the decoder when it is {@code gone}'s; when no provider is left, the epoch fails. */
    void providerGone(DecoderProvider gone) {
        if (!slot.isFrom(gone)) {
            return;
        }
        try {
            swap(Optional.of(gone), "the " + slot.providerName() + " provider went away");
        } catch (IOException e) {
            failEpoch(e);
            events.publish(new KitharaEvent.PipelineError("decoder", "no decoder left: " + e.getMessage(), true));
        }
    }

    /** Frees the output chain (its resampler); the slot is its owner's to close. */
    void close() {
        chain.close();
    }

    /**
     * Continues in the next format period (an HLS variant switch or discontinuity) with a decoder opened on it. After
     * a switch the new decoder's PCM is aligned on the media clock, so the output goes on at the same instant; after
     * a discontinuity it simply follows.
     */
    private void enterPeriod(FormatPeriod next) throws IOException {
        PcmSpec before = slot.decoder().spec();
        MediaInfo beforeMedia = slot.decoder().mediaInfo();
        Duration now = clock.timeAt(outputFrame);
        slot.open(Optional.empty(), next.byteStart(), Duration.ZERO, null);
        Decoder decoder = slot.decoder();
        if (next.continuous()) {
            clock.alignTo(now);
        } else {
            clock.restart();
        }
        if (!before.equals(decoder.spec()) || !beforeMedia.codec().equals(decoder.mediaInfo().codec())) {
            LOG.info("{}: format changed from {} {} to {} {}", description, beforeMedia.codec().orElse(null), before,
                    decoder.mediaInfo().codec().orElse(null), decoder.spec());
            events.publish(new KitharaEvent.FormatChanged(before, decoder.spec(), decoder.mediaInfo()));
        }
    }

    /** Replaces a failing decoder by the next provider at the current position; false when none is left. */
    private boolean fallBack(IOException failure) {
        if (!(failure instanceof DecoderException de) || de.reason() == DecoderException.Reason.INPUT) {
            return false; // the bytes failed, not the decoder: another decoder would fail the same way
        }
        try {
            swap(slot.provider(), "decoding failed: " + failure.getMessage());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Replaces the decoder at the current position: with the next provider seeking there, or, in a source with format
     * periods, on a new period anchored there (played bytes may be released) with the PCM aligned on the media clock.
     */
    private void swap(Optional<DecoderProvider> excluded, String reason) throws IOException {
        Duration position = output.durationOf(outputFrame);
        Duration now = clock.timeAt(outputFrame);
        Optional<FormatPeriod> period = slot.input().period();
        long base = period.isPresent() ? source.seekAnchor(position).map(SeekAnchor::byteOffset)
                .orElse(period.get().byteStart()) : 0;
        slot.open(excluded, base, position, reason);
        if (period.isPresent()) {
            clock.alignTo(now);
        }
        chain.restart();
    }

    /** An array of the queue's for the decoder to decode into; remembered, so that its chunk is queued as it is. */
    private float[] queueArray(int samples) {
        given = queue.buffer(samples);
        return given;
    }

    /**
     * Queues a chunk with the effects applied: as it is when it holds the array the decoder filled for the queue, else
     * (a resampler's output, a chunk cut by the clock) copied into one, since producers reuse their arrays.
     */
    private void queueChunk(PcmChunk c) {
        float[] samples = c.samples();
        if (samples != given) {
            samples = queue.buffer(c.sampleCount());
            System.arraycopy(c.samples(), 0, samples, 0, c.sampleCount());
        }
        given = null;
        chain.applyEffects(samples, c.frames());
        if (queue.put(samples, c.frames(), outputFrame, epoch)) {
            outputFrame += c.frames();
        }
    }
}
