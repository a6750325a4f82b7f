package kithara.audio;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.audio.PlayQueue;
import kithara.api.audio.QueueListener;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.event.KitharaEvent;
import kithara.api.media.PcmSpec;

/**
 * The {@link PlayQueue}: reads the current item's {@link Resource} and, at its end, continues with the next one, which
 * the {@link ItemOpener} opened ahead while the current one played. Every item is opened converted to the queue's spec,
 * so their PCM joins sample for sample; the {@link QueueOrder} says which item that is. The lock guards the order, the
 * playing resource and the crossfade; opening and reading happen outside it.
 */
final class AudioQueue implements PlayQueue {

    private static final Logger LOG = LoggerFactory.getLogger(AudioQueue.class);

    private final PcmSpec spec;
    private final ItemOpener opening;
    private final Runnable onClose;
    private final List<QueueListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final QueueOrder order = new QueueOrder();
    private Resource playing;
    private Duration crossfadeLength = Duration.ZERO;
    /** The crossfade into the next item under way, if any. */
    private Crossfade fading;
    private boolean ended;
    private boolean closed;

    AudioQueue(ItemOpener.Opener opener, PcmSpec spec, String name, Runnable onClose) {
        this.spec = spec;
        this.onClose = onClose;
        this.opening = new ItemOpener(opener, spec, name);
    }

    @Override
    public PcmSpec spec() {
        return spec;
    }

    @Override
    public int read(float[] dst, int offset, int length) throws IOException {
        Crossfade fade = fadeUnderWayOrDue();
        if (fade != null) {
            return readFading(fade, dst, offset, length);
        }
        // stop where the current item's crossfade is due, so that the fade is as long as asked
        int channels = spec.channels();
        long beforeFade = framesBeforeFade();
        int bounded = beforeFade < length / channels ? (int) beforeFade * channels : length;
        return readItems(resource -> resource.read(dst, offset, bounded));
    }

    @Override
    public int readPlanar(float[][] dst, int offset, int frames) throws IOException {
        boolean direct;
        synchronized (lock) {
            direct = crossfadeLength.isZero() && fading == null;
        }
        if (direct) {
            return readItems(resource -> resource.readPlanar(dst, offset, frames));
        }
        int channels = spec.channels();
        float[] interleaved = new float[frames * channels]; // crossfades mix interleaved samples
        int n = read(interleaved, 0, interleaved.length);
        for (int i = 0; i < n; i++) {
            dst[i % channels][offset + i / channels] = interleaved[i];
        }
        return n < 0 ? -1 : n / channels;
    }

    /** One read of a resource, interleaved or planar. */
    @FunctionalInterface
    private interface Read {
        int from(Resource resource) throws IOException;
    }

    /** Reads the current item, going on with the next at its end or failure; -1 at the end of the queue. */
    private int readItems(Read read) throws IOException {
        while (true) {
            Resource resource = playingOrNext();
            if (resource == null) {
                return -1;
            }
            int n;
            try {
                n = read.from(resource);
            } catch (IOException e) {
                failed(resource, e);
                continue;
            }
            if (n >= 0) {
                return n;
            }
            finished(resource);
        }
    }

    @Override
    public Duration position() {
        synchronized (lock) {
            return playing == null ? Duration.ZERO : playing.position();
        }
    }

    @Override
    public Optional<Duration> duration() {
        synchronized (lock) {
            return playing == null ? Optional.empty() : playing.duration();
        }
    }

    @Override
    public boolean isEof() {
        synchronized (lock) {
            return ended || closed;
        }
    }

    @Override
    public void add(ResourceRequest item) {
        synchronized (lock) {
            insert(order.size(), item);
        }
    }

    @Override
    public void insert(int index, ResourceRequest item) {
        synchronized (lock) {
            order.insert(index, item);
            ended = false;
            edited();
        }
    }

    @Override
    public void remove(int index) {
        Resource ending = null;
        synchronized (lock) {
            if (order.remove(index)) {
                ending = playing;
                playing = null;
            }
            edited();
        }
        closeQuietly(ending);
    }

    @Override
    public void move(int from, int to) {
        synchronized (lock) {
            order.move(from, to);
            edited();
        }
    }

    @Override
    public void clear() {
        Resource ending;
        synchronized (lock) {
            order.clear();
            ending = playing;
            playing = null;
            edited();
        }
        closeQuietly(ending);
    }

    @Override
    public List<ResourceRequest> items() {
        synchronized (lock) {
            return order.items();
        }
    }

    @Override
    public int currentIndex() {
        synchronized (lock) {
            return playing == null && ended ? -1 : order.current();
        }
    }

    @Override
    public void next() {
        endCurrentAndGo(order::skipForward);
    }

    @Override
    public void previous() {
        endCurrentAndGo(order::skipBack);
    }

    /** Ends the playing item (and any fade); {@code skip} tells the order what the next read starts with. */
    private void endCurrentAndGo(Runnable skip) {
        Resource ending;
        synchronized (lock) {
            cancelFade();
            ending = playing;
            playing = null;
            skip.run();
        }
        closeQuietly(ending);
    }

    @Override
    public void seek(Duration position) throws IOException {
        Resource resource = playingOrNext(); // before the first read: the item that plays first
        if (resource == null) {
            throw new IOException("no item to seek in: the queue " + (isEmpty() ? "is empty" : "has ended"));
        }
        resource.seek(position);
    }

    private boolean isEmpty() {
        synchronized (lock) {
            return order.isEmpty();
        }
    }

    @Override
    public void setRepeat(Repeat mode) {
        synchronized (lock) {
            order.setRepeat(mode);
            ended = false;
            edited();
        }
    }

    @Override
    public void setCrossfade(Duration length) {
        if (length.isNegative()) {
            throw new IllegalArgumentException("crossfade < 0: " + length);
        }
        synchronized (lock) {
            crossfadeLength = length;
        }
    }

    @Override
    public void addListener(QueueListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(QueueListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        Resource ending;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            cancelFade();
            ending = playing;
            playing = null;
        }
        closeQuietly(ending);
        opening.close();
        onClose.run();
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "AudioQueue[" + (order.current() + 1) + "/" + order.size() + ", " + spec + ", repeat "
                    + order.repeat() + "]";
        }
    }

    /**
     * Returns the crossfade under way, or starts one when the current item is within the crossfade length of its end
     * (its duration known) and another item follows; null otherwise.
     */
    private Crossfade fadeUnderWayOrDue() throws IOException {
        Resource outgoing;
        synchronized (lock) {
            if (fading != null || closed) {
                return fading;
            }
            outgoing = playing;
        }
        Optional<FadeWindow> window = fadeWindow(outgoing);
        if (window.isEmpty() || !window.get().isDue()) {
            return null;
        }
        long left = window.get().left();
        int index;
        ResourceRequest item;
        synchronized (lock) {
            index = order.following();
            if (playing != outgoing || index < 0 || order.hasJump()) {
                return null; // nothing follows, or a skip is pending: no fade
            }
            item = order.itemAt(index);
        }
        Resource incoming;
        try {
            incoming = opening.open(index, item);
        } catch (IOException e) {
            synchronized (lock) {
                order.passOver(index); // when the current item ends, without a fade
            }
            report(index, item, e);
            return null;
        }
        Crossfade fade = new Crossfade(index, item, incoming, left);
        synchronized (lock) {
            if (closed || playing != outgoing) {
                closeQuietly(incoming);
                return null;
            }
            fading = fade;
        }
        started(index, item, incoming);
        return fade;
    }

    /** The playing item's fade window, or empty without a crossfade or a known duration. */
    private Optional<FadeWindow> fadeWindow(Resource outgoing) {
        Duration length;
        synchronized (lock) {
            length = crossfadeLength;
        }
        return FadeWindow.of(outgoing, length, spec.sampleRate());
    }

    /** Frames the playing item plays before its crossfade is due, or {@link Long#MAX_VALUE} when none will be. */
    private long framesBeforeFade() {
        Resource outgoing;
        synchronized (lock) {
            outgoing = playing;
        }
        return fadeWindow(outgoing).map(FadeWindow::framesBeforeFade).orElse(Long.MAX_VALUE);
    }

    /** Reads the outgoing item mixed with the incoming one; when the fade is over, the incoming one plays on alone. */
    private int readFading(Crossfade fade, float[] dst, int offset, int length) throws IOException {
        int channels = spec.channels();
        Resource outgoing;
        synchronized (lock) {
            outgoing = playing;
        }
        long left = fade.framesLeft();
        int n = -1;
        if (outgoing != null && left > 0) {
            try {
                n = outgoing.read(dst, offset, (int) Math.min(length / channels, left) * channels);
            } catch (IOException e) {
                n = -1; // the outgoing item's last moments are lost; the incoming one plays on
            }
        }
        if (n < 0) {
            promote(fade, outgoing);
            return read(dst, offset, length);
        }
        fade.mix(dst, offset, n, channels);
        if (fade.framesLeft() <= 0) {
            promote(fade, outgoing);
        }
        return n;
    }

    /** The fade is over: the incoming item becomes the current one, and the outgoing one is closed. */
    private void promote(Crossfade fade, Resource outgoing) {
        synchronized (lock) {
            if (fading != fade) {
                return;
            }
            fading = null;
            playing = fade.incoming();
            order.playing(fade.index());
            preloadFollowing();
        }
        closeQuietly(outgoing);
    }

    /** Ends a crossfade under way (the queue was edited, skipped or closed); its incoming item is closed. Holds the lock. */
    private void cancelFade() {
        if (fading != null) {
            Resource incoming = fading.incoming();
            fading = null;
            closeQuietly(incoming);
        }
    }

    /**
     * Returns the resource to read: the current one, or the next item's (preloaded, or opened now), skipping items
     * that fail to open; null at the end of the queue.
     */
    private Resource playingOrNext() throws IOException {
        while (true) {
            int index;
            ResourceRequest item;
            synchronized (lock) {
                if (closed) {
                    return null;
                }
                if (playing != null) {
                    return playing;
                }
                index = order.takeNext();
                if (index < 0) {
                    if (!ended) {
                        ended = true;
                        listeners.forEach(QueueListener::queueEnded);
                    }
                    return null;
                }
                item = order.itemAt(index);
            }
            Resource opened;
            try {
                opened = opening.open(index, item);
            } catch (IOException e) {
                skip(index, item, e);
                continue;
            }
            synchronized (lock) {
                if (closed || !order.holds(index, item)) {
                    closeQuietly(opened); // edited while it opened: choose again
                    continue;
                }
                if (playing != null) {
                    closeQuietly(opened); // a seek and a read opened at once: the first one's plays
                    return playing;
                }
                playing = opened;
                order.playing(index);
                preloadFollowing();
            }
            started(index, item, opened);
            return opened;
        }
    }

    /** Tells the listeners that the item at {@code index} starts, and from now on what its resource publishes. */
    private void started(int index, ResourceRequest item, Resource resource) {
        resource.addListener(event -> {
            for (QueueListener listener : listeners) {
                listener.itemEvent(index, item, event);
                if (event instanceof KitharaEvent.Buffering buffering) {
                    listener.buffering(index, item, buffering.waiting());
                }
            }
        });
        for (QueueListener listener : listeners) {
            listener.itemStarted(index, item);
        }
    }

    /** Starts opening the item after the current one, unless it is being opened already. Holds the lock. */
    private void preloadFollowing() {
        int index = order.following();
        if (index >= 0 && !closed) {
            opening.preload(index, order.itemAt(index));
        }
    }

    /** The queue changed: what follows the current item may have too. Holds the lock. */
    private void edited() {
        cancelFade();
        if (playing != null) {
            preloadFollowing();
        }
    }

    /** The current item ended: the next read goes on with the following one. */
    private void finished(Resource resource) {
        synchronized (lock) {
            if (playing == resource) {
                playing = null;
            }
        }
        closeQuietly(resource);
    }

    /** The current item failed while it played: reported, and the next read goes on with the following one. */
    private void failed(Resource resource, IOException error) {
        int index;
        ResourceRequest item;
        synchronized (lock) {
            index = order.current();
            item = order.itemAt(index);
            if (playing == resource) {
                playing = null;
                order.failedWhilePlaying();
            }
        }
        closeQuietly(resource);
        if (item != null) {
            report(index, item, error);
        }
    }

    /** An item that could not be opened: reported and passed over. */
    private void skip(int index, ResourceRequest item, IOException error) {
        synchronized (lock) {
            order.failedToOpen(index, item);
        }
        report(index, item, error);
    }

    private void report(int index, ResourceRequest item, IOException error) {
        LOG.debug("queue item {} ({}) skipped", index, item.uri(), error);
        for (QueueListener listener : listeners) {
            listener.itemFailed(index, item, error);
        }
    }

    private static void closeQuietly(Resource resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing {} failed", resource, e);
        }
    }
}
