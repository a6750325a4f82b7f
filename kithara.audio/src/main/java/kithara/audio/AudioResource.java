package kithara.audio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.audio.Resource;
import kithara.api.audio.ResourceStatus;
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
import kithara.api.source.FormatPeriod;
import kithara.api.source.SeekAnchor;
import kithara.api.source.Source;
import kithara.api.source.SourceException;
import kithara.stream.io.SourceStream;

/**
 * One opened piece of audio: decode work on the shared {@link DecodePool} turns the source into PCM in the output
 * spec (resampled, then gain and effects) and fills a bounded {@link PcmQueue} that {@link #read} drains. The work
 * runs while the queue has room or a command waits, then gives its thread back; a read that drains the queue, a seek,
 * a provider leaving or close schedule it again, and it never runs twice at once. Seeks start a new epoch of the
 * queue, so nothing decoded before a seek is read after it. When decoding fails or the decoder's service goes away,
 * the work opens the next provider at the current output position and goes on; the reader sees no gap beyond what the
 * replacement decodes identically.
 */
final class AudioResource implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(AudioResource.class);
    private static final Duration PRELOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_DEADLINE = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Source source;
    private final String description;
    private final ResourceRequest request;
    private final Supplier<List<RankedProviders.Ranked<DecoderProvider>>> providers;
    private final Supplier<Optional<Resampler>> resamplers;
    private final Events events;
    private final List<AudioEffect> effects = new ArrayList<>();
    /** The decode work on the shared pool: runs until the queue is full, the epoch has ended or close. */
    private final SerialTask decoding;
    private final Object commands = new Object();

    private PcmQueue queue;
    private PcmSpec output;
    private MediaInfo mediaInfo;
    private float[] planarScratch = new float[0];

    // Worker state.
    private Decoder decoder;
    private BorrowedSource input;
    private MediaClock clock;
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
    /** The decoder and resampler are freed: nothing is scheduled any more. */
    private boolean released;
    private volatile OptionalInt variant = OptionalInt.empty();

    AudioResource(Source source, String description, ResourceRequest request,
                  Supplier<List<RankedProviders.Ranked<DecoderProvider>>> providers,
                  Supplier<Optional<Resampler>> resamplers, Events events, Executor pool) {
        this.source = source;
        this.description = description;
        this.request = request;
        this.providers = providers;
        this.resamplers = resamplers;
        this.events = events;
        this.decoding = new SerialTask(pool, this::decode, this::releaseIfClosed, this::poolGone);
        source.addListener(events::publish);
        source.addListener(e -> {
            if (e instanceof KitharaEvent.VariantSwitched v) {
                variant = OptionalInt.of(v.to());
            }
        });
    }

    /** Returns a snapshot for shells and monitoring. */
    ResourceStatus status() {
        RankedProviders.Ranked<DecoderProvider> p = provider;
        PcmSpec spec = output == null ? PcmSpec.of(1, 1) : output;
        return new ResourceStatus(description, queue == null ? Duration.ZERO : position(),
                mediaInfo == null ? Optional.empty() : duration(), spec, p == null ? "none" : p.name(), variant,
                queue == null ? Duration.ZERO : spec.durationOf(queue.queuedFrames()));
    }

    /**
     * Opens the best decoder that works, fixes the output spec, schedules the decode work and waits for the preload.
     *
     * @throws DecoderException when no provider can decode the media (the last failure is the cause)
     */
    void start() throws IOException {
        openDecoder(Optional.empty(), 0, Duration.ZERO, null);
        PcmSpec decoded = decoder.spec();
        output = PcmSpec.of(request.sampleRate().orElse(decoded.sampleRate()), request.channels().orElse(decoded.channels()));
        clock = new MediaClock(output);
        mediaInfo = decoder.mediaInfo();
        if (input.period().isPresent()) {
            // a segmented stream: the protocol knows the whole (an HLS playlist, or none while it is live), the decoder a part
            MediaInfo d = mediaInfo;
            mediaInfo = new MediaInfo(d.codec(), d.container(), d.sampleRate(), d.channels(), d.bitrate(), source.mediaInfo().duration());
        } else if (mediaInfo.bitrate().isEmpty()) {
            mediaInfo = withAverageBitrate(mediaInfo, source.length());
        }
        queue = new PcmQueue(output.channels(), output.framesIn(request.queue()), this::wake);
        GainEffect gain = new GainEffect(request.gain());
        effects.add(gain);
        effects.addAll(request.effects());
        effects.forEach(e -> e.prepare(output));
        events.publish(new KitharaEvent.FormatDetected(mediaInfo, decoded, output));
        synchronized (commands) {
            // close() may have run meanwhile (the service stopping): it saw no queue to end, so nothing may start
            if (closed) {
                queue.close();
                release(); // close() freed what there was then; the decoder opened since is freed here
                throw new SourceException(SourceException.Reason.CANCELLED, description, Optional.empty(),
                        new IOException("closed while opening"));
            }
        }
        wake();
        if (!queue.awaitPreload(Math.max(1, request.preloadChunks()), PRELOAD_TIMEOUT.toNanos())) {
            LOG.warn("{}: preload not done within {}", description, PRELOAD_TIMEOUT);
        }
    }

    /** Where the decoder knew no bitrate: the file's bytes over its duration, when both are known. */
    static MediaInfo withAverageBitrate(MediaInfo info, OptionalLong bytes) {
        if (bytes.isEmpty() || info.duration().isEmpty() || info.duration().get().toMillis() <= 0) {
            return info;
        }
        double bits = bytes.getAsLong() * 8.0 / (info.duration().get().toNanos() / 1e9);
        return bits >= 1 && bits <= Integer.MAX_VALUE ? info.withBitrate((int) Math.round(bits)) : info;
    }

    /**
     * Opens a decoder on the source from byte {@code base} (a period's start; 0 for sources of one format) with the
     * best provider other than {@code excluded} that supports the media, trying the next on failure. Where the source
     * has no periods, the decoder is moved to {@code position}; in a period the caller aligns the PCM instead, and the
     * decoder reads in order: it never seeks there (seeks open new periods), and a seekable input would let FFmpeg walk
     * every fragment of a fragmented MP4 period, to its unknown end, before its first PCM.
     */
    private void openDecoder(Optional<DecoderProvider> excluded, long base, Duration position, String reason)
            throws IOException {
        IOException last = null;
        Optional<String> from = provider == null ? Optional.empty() : Optional.of(provider.name());
        BorrowedSource view = new BorrowedSource(source, base);
        MediaInfo hint = view.mediaInfo();
        for (RankedProviders.Ranked<DecoderProvider> candidate : providers.get()) {
            if (excluded.isPresent() && candidate.service() == excluded.get()) {
                continue;
            }
            if (!candidate.service().supports(hint)) {
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
                + " (decoder providers installed: " + providers.get().stream().map(RankedProviders.Ranked::name).toList() + ")", null);
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

    /** Called by the service when a decoder provider unregisters; the decode work replaces ours if it is that one. */
    void providerGone(DecoderProvider gone) {
        synchronized (commands) {
            goneProvider = gone;
        }
        wake();
    }

    /** Schedules the decode work, or has the running one look again before it gives its thread back. */
    private void wake() {
        if (queue != null) {
            decoding.wake();
        }
    }

    /** The audio service stopped under this resource: its reader learns that nothing decodes any more. */
    private void poolGone(RejectedExecutionException e) {
        queue.abort(new SourceException(SourceException.Reason.CANCELLED, description, Optional.empty(),
                new IOException("the audio service stopped: nothing decodes " + description + " any more", e)));
    }

    /** One run of the decode work; an Error (out of memory, a class gone with a refreshed bundle) ends the decoding. */
    private void decode() {
        try {
            decodeWhileWanted();
        } catch (Throwable e) {
            LOG.error("{}: decode worker died", description, e);
            queue.abort(new DecoderException(DecoderException.Reason.NATIVE, description,
                    provider == null ? "none" : provider.name(), "the decode worker died: " + e, e));
            events.publish(new KitharaEvent.PipelineError("worker", String.valueOf(e), true));
            synchronized (commands) {
                released = true;
            }
            decoding.stop();
            release();
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    /** Frees the decoder once closed and no decode work runs, exactly once, on whichever thread sees it first. */
    private void releaseIfClosed() {
        synchronized (commands) {
            if (!closed || decoding.isBusy() || released) {
                return;
            }
            released = true;
        }
        decoding.stop();
        release();
    }

    /** Applies the commands that came and decodes chunks while the queue has room and the epoch goes on. */
    private void decodeWhileWanted() {
        while (!closed) {
            Duration seek;
            long newEpoch;
            DecoderProvider gone;
            synchronized (commands) {
                seek = seekTarget;
                newEpoch = seekEpoch;
                seekTarget = null;
                gone = goneProvider;
                goneProvider = null;
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
            if (epochFinished || queue.isFull()) {
                return;
            }
            try {
                step();
            } catch (RuntimeException e) {
                // a bug in a decoder, resampler or effect must reach the reader, not kill the decoding silently
                LOG.error("{}: decode worker failed", description, e);
                queue.fail(new IOException("decoding " + description + " failed: " + e, e), epoch);
                epochFinished = true;
                events.publish(new KitharaEvent.PipelineError("worker", String.valueOf(e), true));
            }
        }
    }

    /** Decodes and queues one chunk, or ends or fails the epoch. */
    private void step() {
        try {
            Optional<PcmChunk> chunk = decoder.next();
            if (chunk.isEmpty() && input.nextPeriod().isPresent()) {
                enterPeriod(input.nextPeriod().get());
                return;
            }
            if (chunk.isPresent()) {
                chunk = clock.align(chunk.get(), decoder.origin(), outputFrame);
                if (chunk.isEmpty()) {
                    return;
                }
            }
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
            // the worker was interrupted (its flag is set again): the reader must learn it, and close() must still
            // close the source, so the resource does not count as closed here
            if (!closed) {
                queue.abort(e);
                epochFinished = true;
            }
        } catch (IOException e) {
            if (!closed && !fallBack(e)) {
                queue.fail(e, epoch);
                epochFinished = true;
                events.publish(new KitharaEvent.PipelineError("decoder", String.valueOf(e.getMessage()), true));
            }
        }
    }

    /**
     * Continues in the next format period (an HLS variant switch or discontinuity) with a decoder opened on it. After
     * a switch the new decoder's PCM is aligned on the media clock, so the output goes on at the same instant; after
     * a discontinuity it simply follows.
     */
    private void enterPeriod(FormatPeriod next) throws IOException {
        PcmSpec before = decoder.spec();
        MediaInfo beforeMedia = decoder.mediaInfo();
        Duration now = clock.timeAt(outputFrame);
        closeDecoder();
        openDecoder(Optional.empty(), next.byteStart(), Duration.ZERO, null);
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
            swap(Optional.of(provider.service()), "decoding failed: " + failure.getMessage());
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
        boolean periodic = input.period().isPresent();
        closeDecoder();
        long base = periodic ? source.seekAnchor(position).map(SeekAnchor::byteOffset)
                .orElse(input.period().get().byteStart()) : 0;
        openDecoder(excluded, base, position, reason);
        if (periodic) {
            clock.alignTo(now);
        }
        if (resampler != null) {
            resampler.reset();
        }
    }

    private void applySeek(Duration target, long newEpoch) {
        epoch = newEpoch;
        outputFrame = output.framesIn(target);
        epochFinished = false;
        try {
            Optional<SeekAnchor> anchor = input.period().isPresent() ? source.seekAnchor(target) : Optional.empty();
            if (anchor.isPresent()) {
                closeDecoder();
                openDecoder(Optional.empty(), anchor.get().byteOffset(), Duration.ZERO, null);
                clock.alignToPosition(target);
            } else {
                decoder.seek(target);
            }
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

    /** Copies a chunk (producers reuse their buffers) into one the queue recycles, applies the effects and queues it. */
    private void queueChunk(PcmChunk c) {
        float[] copy = queue.buffer(c.sampleCount());
        System.arraycopy(c.samples(), 0, copy, 0, c.sampleCount());
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
        }
        wake();
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
     * Ends the decode work (the source is closed first, which wakes decoding that waits for bytes; then up to 10 s for
     * it to finish), frees the decoder and resampler. Idempotent.
     */
    @Override
    public void close() throws IOException {
        synchronized (commands) {
            if (closed) {
                return;
            }
            closed = true;
            if (queue != null) {
                queue.close(); // else start() has not made it yet, and sees closed before it schedules any work
            }
        }
        try {
            source.close();
            if (!decoding.awaitIdle(CLOSE_WAIT)) {
                LOG.warn("{}: the decode work did not end within {} of close", description, CLOSE_WAIT);
            }
            releaseIfClosed();
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
