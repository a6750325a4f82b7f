package kithara.audio;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.audio.AudioSink;
import kithara.api.audio.PlayQueue;
import kithara.api.audio.Player;

/**
 * The {@link Player}: a thread of its own ({@code kithara-player-N}, started by the first {@link #play}) reads the
 * queue a buffer of {@value #BUFFER_FRAMES} frames at a time and writes it to the sink. It is the only thread that
 * touches the sink; the transport methods leave it a state or a command under the player's lock, and it applies them
 * between two writes (a seek or skip, then a flush of the sink). A seek or skip the queue refuses is logged and playback
 * goes on; a queue or sink that fails ends the player with that failure. The thread closes the sink when it ends (a
 * file is complete, a device free, by the time {@link #awaitEnd} returns).
 */
final class QueuePlayer implements Player {

    private static final Logger LOG = LoggerFactory.getLogger(QueuePlayer.class);
    /** Frames per write: the grain at which pause, seek and skip take effect (46 ms at 44.1 kHz). */
    static final int BUFFER_FRAMES = 2048;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** A seek or skip for the playing thread. */
    @FunctionalInterface
    private interface Command {
        void apply(PlayQueue queue) throws IOException;
    }

    private final PlayQueue queue;
    private final AudioSink sink;
    private final String name;
    private final Runnable onClosed;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Object lock = new Object();

    // guarded by lock
    private final Queue<Command> commands = new ArrayDeque<>();
    private State state = State.STOPPED;
    private Thread thread;
    private boolean closing;
    private boolean sinkClosed;
    private IOException failure;

    /**
     * A stopped player of {@code queue} into {@code sink}; {@code onClosed} runs once it closed.
     *
     * @throws IllegalArgumentException when the queue's spec is not the sink's
     */
    QueuePlayer(PlayQueue queue, AudioSink sink, String name, Runnable onClosed) {
        if (!queue.spec().equals(sink.spec())) {
            throw new IllegalArgumentException("the queue delivers " + queue.spec() + ", the sink takes " + sink.spec());
        }
        this.queue = queue;
        this.sink = sink;
        this.name = name;
        this.onClosed = onClosed;
    }

    @Override
    public PlayQueue queue() {
        return queue;
    }

    @Override
    public void play() {
        synchronized (lock) {
            if (state == State.PLAYING || state == State.ENDED || closing) {
                return;
            }
            if (thread == null) {
                thread = new Thread(this::run, "kithara-player-" + name);
                thread.setDaemon(true);
                thread.start();
            }
            state = State.PLAYING;
            lock.notifyAll();
        }
        publish(State.PLAYING, Optional.empty());
    }

    @Override
    public void pause() {
        synchronized (lock) {
            if (state != State.PLAYING) {
                return;
            }
            state = State.PAUSED;
        }
        publish(State.PAUSED, Optional.empty());
    }

    @Override
    public void seek(Duration position) {
        if (position.isNegative()) {
            throw new IllegalArgumentException("negative position " + position);
        }
        command(q -> q.seek(position));
    }

    @Override
    public void next() {
        command(PlayQueue::next);
    }

    @Override
    public void previous() {
        command(PlayQueue::previous);
    }

    private void command(Command command) {
        synchronized (lock) {
            commands.add(command);
            lock.notifyAll();
        }
    }

    @Override
    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public Optional<IOException> failure() {
        synchronized (lock) {
            return Optional.ofNullable(failure);
        }
    }

    @Override
    public Duration position() {
        return queue.position();
    }

    @Override
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * The playing thread: reads and writes while playing, applies commands, pauses the sink while paused; at the end
     * (of the queue, by a failure or by close) it closes the sink, then the player counts as ended.
     */
    private void run() {
        IOException failed = null;
        try {
            play(new float[BUFFER_FRAMES * sink.spec().channels()]);
        } catch (IOException | RuntimeException e) {
            // closing may fail a read or write under way: that is the close, not a failure of the playback
            failed = isClosing() ? null : e instanceof IOException io ? io : new IOException(name + ": playback failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() gave up waiting: it ends the player
        } finally {
            try {
                closeSink();
            } catch (IOException e) {
                failed = failed != null || isClosing() ? failed : e; // a file's header not written, say
            }
            end(failed);
        }
    }

    private void play(float[] buffer) throws IOException, InterruptedException {
        boolean sinkPaused = false;
        while (true) {
            Command command;
            boolean paused;
            synchronized (lock) {
                while (state == State.PAUSED && sinkPaused && commands.isEmpty() && !closing) {
                    lock.wait();
                }
                if (closing) {
                    return;
                }
                command = commands.poll();
                paused = state == State.PAUSED;
            }
            if (paused != sinkPaused) {
                if (paused) {
                    sink.pause();
                } else {
                    sink.resume();
                }
                sinkPaused = paused;
            }
            if (command != null) {
                apply(command);
            } else if (!paused && !writeOnce(buffer)) {
                return;
            }
        }
    }

    /** Closes the sink, once, on whichever thread comes first (the player's at its end, or close()'s). */
    private void closeSink() throws IOException {
        synchronized (lock) {
            if (sinkClosed) {
                return;
            }
            sinkClosed = true;
        }
        sink.close();
    }

    /** Reads a buffer from the queue into the sink; false at the queue's end (after the sink drained). */
    private boolean writeOnce(float[] buffer) throws IOException {
        int n = queue.read(buffer, 0, buffer.length);
        if (n < 0) {
            if (!isClosing()) {
                sink.drain();
            }
            return false;
        }
        sink.write(buffer, 0, n);
        return true;
    }

    private void apply(Command command) {
        try {
            command.apply(queue);
            sink.flush();
        } catch (IOException e) {
            LOG.warn("player {}: {}", name, e.getMessage());
        }
    }

    private boolean isClosing() {
        synchronized (lock) {
            return closing;
        }
    }

    /** Enters {@link State#ENDED}, once. */
    private void end(IOException cause) {
        synchronized (lock) {
            if (state == State.ENDED) {
                return;
            }
            state = State.ENDED;
            failure = cause;
            lock.notifyAll();
        }
        ended.countDown();
        publish(State.ENDED, Optional.ofNullable(cause));
    }

    private void publish(State now, Optional<IOException> cause) {
        for (Listener l : listeners) {
            try {
                l.stateChanged(now, cause);
            } catch (RuntimeException e) {
                LOG.warn("player {}: a listener failed", name, e);
            }
        }
    }

    /**
     * Ends playback: the queue is closed first (a read blocked in it returns), then the thread is waited for (and
     * interrupted after five seconds), then the sink closes. Idempotent.
     */
    @Override
    public void close() throws IOException {
        Thread playing;
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            playing = thread;
            lock.notifyAll();
        }
        try {
            queue.close();
            if (playing != null && playing != Thread.currentThread()) { // a listener may close it from the player's thread
                playing.join(CLOSE_WAIT.toMillis());
                if (playing.isAlive()) {
                    playing.interrupt();
                    playing.join(CLOSE_WAIT.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                closeSink(); // when the thread never started, or did not end
            } finally {
                end(null);
                onClosed.run();
            }
        }
    }
}
