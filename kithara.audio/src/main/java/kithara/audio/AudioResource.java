package kithara.audio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.decode.Decoder;
import kithara.api.decode.DecoderException;
import kithara.api.decode.DecoderProvider;
import kithara.api.decode.PcmChunk;
import kithara.api.dsp.AudioEffect;
import kithara.api.dsp.Resampler;
import kithara.api.dsp.ResamplerSession;
import kithara.api.event.KitharaEvent;
import kithara.api.event.KitharaListener;
import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;
import kithara.api.source.Source;
import kithara.stream.io.SourceStream;

/**
 * One opened piece of audio: a decode worker thread ({@code kithara-decode-N}) turns the source into PCM in the
 * output spec (resampled, then gain and effects) and fills a bounded {@link PcmQueue} that {@link #read} drains.
 * Seeks start a new epoch of the queue, so nothing decoded before a seek is read after it. When decoding fails
 * or the decoder's service goes away, the worker opens the next provider at the current output position and
 * goes on; the reader sees no gap beyond what the replacement decodes identically.
 */
final class AudioResource implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(AudioResource.class);
    private static final Duration PRELOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_DEADLINE = Duration.ofSeconds(30);
    private static int threads;

    private final Source source;
    private final String description;
    private final ResourceRequest request;
    private final Supplier<List<RankedProviders.Ranked<DecoderProvider>>> providers;
    private final Supplier<Optional<Resampler>> resamplers;
    private final Events events;
    private final List<AudioEffect> effects = new ArrayList<>();
    private final Thread worker;
    private final Object commands = new Object();

    private PcmQueue queue;
    private PcmSpec output;
    private MediaInfo mediaInfo;
    private float[] planarScratch = new float[0];

    // Worker state.
    private Decoder decoder;
    private RankedProviders.Ranked<DecoderProvider> provider;
    private ResamplerSession resampler;
    private long outputFrame;
    private long epoch;
    private boolean epochFinished;

    // Commands, guarded by commands.
    private Duration seekTarget;
    private long seekEpoch;
    private DecoderProvider goneProvider;
    private volatile boolean closed;

    AudioResource(Source source, String description, ResourceRequest request,
                  Supplier<List<RankedProviders.Ranked<DecoderProvider>>> providers,
                  Supplier<Optional<Resampler>> resamplers, Events events) {
        this.source = source;
        this.description = description;
        this.request = request;
        this.providers = providers;
        this.resamplers = resamplers;
        this.events = events;
        this.worker = new Thread(this::work, "kithara-decode-" + nextThreadNumber());
        this.worker.setDaemon(true);
        source.addListener(events::publish);
    }

    private static synchronized int nextThreadNumber() {
        return ++threads;
    }

    /**
     * Opens the best decoder that works, fixes the output spec, starts the worker and waits for the preload.
     *
     * @throws DecoderException when no provider can decode the media (the last failure is the cause)
     */
    void start() throws IOException {
        openDecoder(Optional.empty(), Duration.ZERO, null);
        PcmSpec decoded = decoder.spec();
        output = PcmSpec.of(request.sampleRate().orElse(decoded.sampleRate()), request.channels().orElse(decoded.channels()));
        mediaInfo = decoder.mediaInfo();
        queue = new PcmQueue(output.channels(), output.framesIn(request.queue()));
        GainEffect gain = new GainEffect(request.gain());
        effects.add(gain);
        effects.addAll(request.effects());
        effects.forEach(e -> e.prepare(output));
        events.publish(new KitharaEvent.FormatDetected(mediaInfo, decoded, output));
        worker.start();
        if (!queue.awaitPreload(Math.max(1, request.preloadChunks()), PRELOAD_TIMEOUT.toNanos())) {
            LOG.warn("{}: preload not done within {}", description, PRELOAD_TIMEOUT);
        }
    }

    /**
     * Opens a decoder from the best provider other than {@code excluded} that supports the media, trying the next
     * on failure, and moves it to {@code position}.
     */
    private void openDecoder(Optional<DecoderProvider> excluded, Duration position, String reason) throws IOException {
        IOException last = null;
        Optional<String> from = provider == null ? Optional.empty() : Optional.of(provider.name());
        for (RankedProviders.Ranked<DecoderProvider> candidate : providers.get()) {
            if (excluded.isPresent() && candidate.service() == excluded.get()) {
                continue;
            }
            MediaInfo hint = source.mediaInfo();
            if (!candidate.service().supports(hint)) {
                continue;
            }
            try {
                Decoder d = candidate.service().open(new SourceStream(new BorrowedSource(source), description, READ_DEADLINE), hint);
                if (!position.isZero()) {
                    d.seek(position);
                }
                decoder = d;
                RankedProviders.Ranked<DecoderProvider> previous = provider;
                provider = candidate;
                if (previous != null || last != null) {
                    String why = reason != null ? reason : "the previous provider failed: " + last.getMessage();
                    LOG.info("{}: decoding with {} from {} ({})", description, candidate.name(), position, why);
                    events.publish(new KitharaEvent.DecoderChanged(from, candidate.name(), why, position));
                }
                return;
            } catch (IOException e) {
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
        throw new DecoderException(DecoderException.Reason.UNSUPPORTED_CODEC, description,
                source.mediaInfo().codec().map(Enum::name).orElse("unknown"), "no decoder provider supports it", null);
    }

    /** Called by the service when a decoder provider unregisters; the worker replaces ours if it is that one. */
    void providerGone(DecoderProvider gone) {
        synchronized (commands) {
            goneProvider = gone;
            commands.notifyAll();
        }
    }

    private void work() {
        try {
            while (!closed) {
                Duration seek;
                long newEpoch;
                DecoderProvider gone;
                synchronized (commands) {
                    while (!closed && epochFinished && seekTarget == null && goneProvider == null) {
                        commands.wait();
                    }
                    seek = seekTarget;
                    newEpoch = seekEpoch;
                    seekTarget = null;
                    gone = goneProvider;
                    goneProvider = null;
                }
                if (closed) {
                    return;
                }
                if (gone != null && provider != null && provider.service() == gone) {
                    try {
                        swap(Optional.of(gone), "the " + provider.name() + " provider went away");
                    } catch (IOException e) {
                        queue.fail(e, epoch);
                        epochFinished = true;
                        events.publish(new KitharaEvent.PipelineError("decoder", "no decoder left: " + e.getMessage(), true));
                    }
                }
                if (seek != null) {
                    applySeek(seek, newEpoch);
                }
                if (!epochFinished) {
                    try {
                        step();
                    } catch (RuntimeException e) {
                        // a bug in a decoder, resampler or effect must reach the reader, not kill the worker silently
                        LOG.error("{}: decode worker failed", description, e);
                        queue.fail(new IOException("decoding " + description + " failed: " + e, e), epoch);
                        epochFinished = true;
                        events.publish(new KitharaEvent.PipelineError("worker", String.valueOf(e), true));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            release();
        }
    }

    /** Decodes and queues one chunk, or ends or fails the epoch. */
    private void step() {
        try {
            Optional<PcmChunk> chunk = decoder.next();
            if (chunk.isEmpty()) {
                if (resampler != null) {
                    Optional<PcmChunk> tail = resampler.flush();
                    if (tail.isPresent()) {
                        queueChunk(tail.get());
                    }
                }
                queue.end(epoch);
                epochFinished = true;
                events.publish(new KitharaEvent.EndOfStream(output.durationOf(outputFrame)));
                return;
            }
            PcmChunk c = chunk.get();
            if (c.spec().sampleRate() == output.sampleRate() && c.spec().channels() == output.channels()) {
                queueChunk(c);
            } else {
                Optional<PcmChunk> converted = resampler(c.spec()).process(c);
                if (converted.isPresent()) {
                    queueChunk(converted.get());
                }
            }
        } catch (InterruptedIOException e) {
            closed = true;
        } catch (IOException e) {
            if (!closed && !fallBack(e)) {
                queue.fail(e, epoch);
                epochFinished = true;
                events.publish(new KitharaEvent.PipelineError("decoder", String.valueOf(e.getMessage()), true));
            }
        }
    }

    /** Replaces a failing decoder by the next provider at the current position; false when none is left. */
    private boolean fallBack(IOException failure) {
        if (!(failure instanceof DecoderException de) || de.reason() == DecoderException.Reason.INPUT) {
            return false; // the bytes failed, not the decoder: another decoder would fail the same way
        }
        try {
            swap(Optional.of(provider.service()), "decoding failed: " + failure.getMessage());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void swap(Optional<DecoderProvider> excluded, String reason) throws IOException {
        Duration position = output.durationOf(outputFrame);
        closeDecoder();
        openDecoder(excluded, position, reason);
        if (resampler != null) {
            resampler.reset();
        }
    }

    private void applySeek(Duration target, long newEpoch) {
        epoch = newEpoch;
        outputFrame = output.framesIn(target);
        epochFinished = false;
        try {
            decoder.seek(target);
            if (resampler != null) {
                resampler.reset();
            }
            effects.forEach(AudioEffect::reset);
            events.publish(new KitharaEvent.SeekComplete(target, newEpoch));
        } catch (IOException e) {
            queue.fail(e, epoch);
            epochFinished = true;
        }
    }

    private ResamplerSession resampler(PcmSpec input) throws IOException {
        if (resampler == null || !resampler.input().equals(input)) {
            if (resampler != null) {
                resampler.close();
            }
            Resampler service = resamplers.get().orElseThrow(() -> new DecoderException(DecoderException.Reason.NATIVE,
                    description, "pcm", "no Resampler service to convert " + input + " to " + output, null));
            resampler = service.open(input, output, request.quality());
        }
        return resampler;
    }

    /** Copies a chunk (producers reuse their buffers), applies the effects and queues it. */
    private void queueChunk(PcmChunk c) throws InterruptedIOException {
        float[] copy = java.util.Arrays.copyOf(c.samples(), c.sampleCount());
        for (AudioEffect e : effects) {
            e.process(copy, c.frames());
        }
        if (queue.put(copy, c.frames(), outputFrame, epoch)) {
            outputFrame += c.frames();
        }
    }

    private void closeDecoder() {
        if (decoder != null) {
            try {
                decoder.close();
            } catch (IOException e) {
                LOG.debug("{}: closing the decoder failed", description, e);
            }
            decoder = null;
        }
    }

    private void release() {
        closeDecoder();
        if (resampler != null) {
            resampler.close();
            resampler = null;
        }
    }

    @Override
    public PcmSpec spec() {
        return output;
    }

    @Override
    public int read(float[] dst, int offset, int length) throws IOException {
        int frames = length / output.channels();
        if (frames < 1) {
            throw new IllegalArgumentException("room for at least one frame of " + output.channels() + " samples needed, not "
                    + length);
        }
        int n = queue.read(dst, offset, frames);
        if (n > 0) {
            source.timeline().publishPlaybackPosition(position());
        }
        return n < 0 ? -1 : n * output.channels();
    }

    @Override
    public int readPlanar(float[][] dst, int offset, int frames) throws IOException {
        int ch = output.channels();
        if (planarScratch.length < frames * ch) {
            planarScratch = new float[frames * ch];
        }
        int n = read(planarScratch, 0, frames * ch);
        if (n < 0) {
            return -1;
        }
        int got = n / ch;
        for (int i = 0; i < got; i++) {
            for (int c = 0; c < ch; c++) {
                dst[c][offset + i] = planarScratch[i * ch + c];
            }
        }
        return got;
    }

    @Override
    public void seek(Duration position) throws IOException {
        if (position.isNegative()) {
            throw new IllegalArgumentException("negative position " + position);
        }
        if (closed) {
            throw new IOException(description + " is closed");
        }
        synchronized (commands) {
            seekEpoch = queue.newEpoch(output.framesIn(position));
            seekTarget = position;
            commands.notifyAll();
        }
    }

    @Override
    public Duration position() {
        return output.durationOf(queue.readFrame());
    }

    @Override
    public Optional<Duration> duration() {
        return mediaInfo.duration();
    }

    @Override
    public MediaInfo mediaInfo() {
        return mediaInfo;
    }

    @Override
    public boolean isEof() {
        return queue.isDrainedAndEnded();
    }

    @Override
    public void addListener(KitharaListener listener) {
        events.add(listener);
    }

    @Override
    public void removeListener(KitharaListener listener) {
        events.remove(listener);
    }

    /**
     * Ends the worker (the source is closed first, which wakes a worker waiting for bytes; then up to 10 s for it
     * to finish), frees the decoder and resampler. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (queue != null) {
            queue.close();
        }
        synchronized (commands) {
            commands.notifyAll();
        }
        try {
            source.close();
            if (worker.isAlive()) {
                worker.join(TimeUnit.SECONDS.toMillis(10));
            } else {
                release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            events.closed(this);
        }
    }

    @Override
    public String toString() {
        return "AudioResource[" + description + ", " + output + "]";
    }
}
