package kithara.audio;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import kithara.api.dsp.AudioEffect;
import kithara.api.dsp.Resampler;
import kithara.api.event.KitharaEvent;
import kithara.api.event.KitharaListener;
import kithara.api.media.MediaInfo;
import kithara.api.media.PcmSpec;
import kithara.api.source.Source;
import kithara.api.source.SourceException;

/**
 * One opened piece of audio, as its reader sees it: the {@link DecodeWork} (the decoder in its {@link DecoderSlot}, the
 * {@link MediaClock}, the {@link OutputChain}) fills a bounded {@link PcmQueue} that {@link #read} drains. This class
 * runs that work on the shared {@link DecodePool} ({@link SerialTask}: while the queue has room or a command waits,
 * then it gives its thread back; a read that drains the queue, a seek, a provider leaving or close schedule it again,
 * and it never runs twice at once), hands it the commands (seeks, each a new epoch of the queue, so nothing decoded
 * before a seek is read after it; a provider gone) and ends it on close. When decoding fails or the decoder's service
 * goes away, the work opens the next provider at the current output position and goes on; the reader sees no gap
 * beyond what the replacement decodes identically.
 */
final class AudioResource implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(AudioResource.class);
    private static final Duration PRELOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Source source;
    private final String description;
    private final ResourceRequest request;
    private final Supplier<Optional<Resampler>> resamplers;
    private final Events events;
    /** The decode work on the shared pool: runs until the queue is full, the epoch has ended or close. */
    private final SerialTask decoding;
    private final Object commands = new Object();

    private PcmQueue queue;
    private PcmSpec output;
    private MediaInfo mediaInfo;
    private float[] planarScratch = new float[0];

    private final DecoderSlot slot;
    /** What the decode work does; made by start(), used only by the decode work. */
    private DecodeWork work;

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
        this.slot = new DecoderSlot(source, description, providers, events);
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
        PcmSpec spec = output == null ? PcmSpec.of(1, 1) : output;
        return new ResourceStatus(description, queue == null ? Duration.ZERO : position(),
                mediaInfo == null ? Optional.empty() : duration(), spec, slot.providerName(), variant,
                queue == null ? Duration.ZERO : spec.durationOf(queue.queuedFrames()));
    }

    /**
     * Opens the best decoder that works, fixes the output spec, schedules the decode work and waits for the preload.
     *
     * @throws DecoderException when no provider can decode the media (the last failure is the cause)
     */
    void start() throws IOException {
        slot.open(Optional.empty(), 0, Duration.ZERO, null);
        Decoder decoder = slot.decoder();
        PcmSpec decoded = decoder.spec();
        output = PcmSpec.of(request.sampleRate().orElse(decoded.sampleRate()), request.channels().orElse(decoded.channels()));
        mediaInfo = decoder.mediaInfo();
        if (slot.input().period().isPresent()) {
            // a segmented stream: the protocol knows the whole (an HLS playlist, or none while it is live), the decoder a part
            MediaInfo d = mediaInfo;
            mediaInfo = new MediaInfo(d.codec(), d.container(), d.sampleRate(), d.channels(), d.bitrate(), source.mediaInfo().duration());
        } else if (mediaInfo.bitrate().isEmpty()) {
            mediaInfo = withAverageBitrate(mediaInfo, source.length());
        }
        queue = new PcmQueue(output.channels(), output.framesIn(request.queue()), this::wake,
                waiting -> events.publish(new KitharaEvent.Buffering(waiting, position())));
        List<AudioEffect> effects = new ArrayList<>();
        effects.add(new GainEffect(request.gain()));
        effects.addAll(request.effects());
        work = new DecodeWork(source, description, slot, output,
                new OutputChain(output, request.quality(), resamplers, effects, description), queue, events, () -> closed);
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
                    slot.providerName(), "the decode worker died: " + e, e));
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
            if (gone != null) {
                work.providerGone(gone);
            }
            if (seek != null) {
                work.seek(seek, newEpoch);
            }
            if (work.isEpochFinished() || queue.isFull()) {
                return;
            }
            try {
                work.step();
            } catch (RuntimeException e) {
                // a bug in a decoder, resampler or effect must reach the reader, not kill the decoding silently
                LOG.error("{}: decode worker failed", description, e);
                work.failEpoch(new IOException("decoding " + description + " failed: " + e, e));
                events.publish(new KitharaEvent.PipelineError("worker", String.valueOf(e), true));
            }
        }
    }

    private void release() {
        slot.close();
        if (work != null) {
            work.close();
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
