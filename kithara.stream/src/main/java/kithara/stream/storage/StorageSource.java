package kithara.stream.storage;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import kithara.api.event.KitharaEvent;
import kithara.api.event.KitharaListener;
import kithara.api.media.MediaInfo;
import kithara.api.source.ByteRange;
import kithara.api.source.ReadOutcome;
import kithara.api.source.Source;
import kithara.api.source.SourcePhase;
import kithara.api.source.Timeline;
import kithara.api.source.WaitOutcome;

/**
 * A {@link Source} over a {@link StorageResource}: reads and waits go to the storage; a wait for absent bytes
 * is first reported to {@code onDemand} so the producer can fetch them with priority. Each source is one
 * reader's view with its own timeline; several may share one storage and one producer, so closing a source
 * runs its {@code onClose} and leaves the storage to whoever owns it.
 */
public final class StorageSource implements Source {

    private final StorageResource storage;
    private final MediaInfo mediaInfo;
    private final SharedTimeline timeline;
    private final Consumer<ByteRange> onDemand;
    private final Closeable onClose;
    private final Listeners listeners;
    private final Supplier<Optional<URI>> location;
    private boolean closed;

    /**
     * @param storage       where the bytes are
     * @param mediaInfo     what the protocol knows about the media
     * @param onDemand      told, before blocking, of every range a reader waits for that is absent; must not block
     * @param onReaderMoved told when the reader moves (see {@link SharedTimeline}); must not block
     * @param listeners     where the producer publishes its events
     * @param onClose       run once when the source closes (release the storage or a reference to it)
     * @param location      where the bytes come from after redirects, once known (see {@link Source#location})
     */
    public StorageSource(StorageResource storage, MediaInfo mediaInfo, Consumer<ByteRange> onDemand,
                         Runnable onReaderMoved, Listeners listeners, Closeable onClose,
                         Supplier<Optional<URI>> location) {
        this.storage = storage;
        this.location = location;
        this.mediaInfo = mediaInfo;
        this.onDemand = onDemand;
        this.listeners = listeners;
        this.onClose = onClose;
        this.timeline = new SharedTimeline(storage::presentRanges, onReaderMoved, new PlaybackProgress(listeners));
        storage.onDegraded(why -> listeners.publish(new KitharaEvent.PipelineError("storage", storage.name()
                + ": the disk refused the download (" + why.getMessage() + "); it goes on in memory, uncached", false)));
    }

    /** A source whose bytes come from no response (their location is unknown). */
    public StorageSource(StorageResource storage, MediaInfo mediaInfo, Consumer<ByteRange> onDemand,
                         Runnable onReaderMoved, Listeners listeners, Closeable onClose) {
        this(storage, mediaInfo, onDemand, onReaderMoved, listeners, onClose, Optional::empty);
    }

    /** Returns a source that owns a storage whose bytes are all present (a local file, in-memory data). */
    public static StorageSource complete(StorageResource storage, MediaInfo mediaInfo) {
        return new StorageSource(storage, mediaInfo, r -> { }, () -> { }, new Listeners(), storage);
    }

    @Override
    public Optional<URI> location() {
        return location.get();
    }

    /** Returns the storage behind this source. */
    public StorageResource storage() {
        return storage;
    }

    @Override
    public WaitOutcome waitRange(ByteRange range, Duration timeout) throws IOException {
        WaitOutcome now = storage.waitRange(range, Duration.ZERO);
        if (now != WaitOutcome.TIMED_OUT) {
            return now;
        }
        onDemand.accept(range);
        return storage.waitRange(range, timeout);
    }

    @Override
    public ReadOutcome readAt(long offset, ByteBuffer dst) throws IOException {
        return storage.readAt(offset, dst);
    }

    @Override
    public OptionalLong length() {
        return storage.length();
    }

    @Override
    public Timeline timeline() {
        return timeline;
    }

    @Override
    public MediaInfo mediaInfo() {
        return mediaInfo;
    }

    @Override
    public SourcePhase phase() {
        return storage.phase();
    }

    @Override
    public SourcePhase phaseAt(ByteRange range) {
        return storage.phaseAt(range);
    }

    @Override
    public void addListener(KitharaListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(KitharaListener listener) {
        listeners.remove(listener);
    }

    /** Runs {@code onClose} once. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        onClose.close();
    }

    @Override
    public String toString() {
        return "StorageSource[" + storage + "]";
    }
}
