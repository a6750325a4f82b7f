package kithara.bench.lavaplayer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioItem;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.playback.AudioFrame;

import kithara.launcher.loadtest.PcmFeed;

/**
 * One LavaPlayer track as a load test's feed: a player of its own plays the track, and each read takes the next of
 * its 20-ms frames (16-bit little-endian PCM in the manager's output format) and converts it to floats, as a mixer
 * would.
 */
final class LavaPlayerFeed implements PcmFeed {

    /** How long a read waits for a frame before the stream counts as failed. */
    private static final long FRAME_WAIT_SECONDS = 30;

    private final URI uri;
    private final AudioPlayer player;
    private final AudioTrack track;
    private final int channels;
    private final int sampleRate;
    private AudioFrame frame;
    private int frameSample;

    private LavaPlayerFeed(URI uri, AudioPlayer player, AudioTrack track, int channels, int sampleRate) {
        this.uri = uri;
        this.player = player;
        this.track = track;
        this.channels = channels;
        this.sampleRate = sampleRate;
    }

    /** Loads {@code uri} (an http(s) URL or a local file) and starts playing it on a new player. */
    static LavaPlayerFeed open(AudioPlayerManager manager, URI uri) throws IOException {
        String identifier = uri.getScheme().equals("file") ? Path.of(uri).toString() : uri.toString();
        AudioItem item;
        try {
            item = manager.loadItemSync(identifier);
        } catch (FriendlyException e) {
            throw new IOException("LavaPlayer cannot load " + uri + ": " + e.getMessage(), e);
        }
        if (!(item instanceof AudioTrack track)) {
            throw new IOException("LavaPlayer found no track at " + uri + " (" + item + ")");
        }
        AudioPlayer player = manager.createPlayer();
        player.playTrack(track);
        var format = manager.getConfiguration().getOutputFormat();
        return new LavaPlayerFeed(uri, player, track, format.channelCount, format.sampleRate);
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public int read(float[] dst, int offset, int length) throws IOException {
        if (frame == null) {
            frame = nextFrame();
            frameSample = 0;
            if (frame == null) {
                return -1;
            }
        }
        byte[] data = frame.getData();
        int samples = Math.min(length - length % channels, data.length / 2 - frameSample);
        for (int i = 0; i < samples; i++) {
            int at = 2 * (frameSample + i);
            dst[offset + i] = (short) ((data[at] & 0xff) | (data[at + 1] << 8)) / 32768f;
        }
        frameSample += samples;
        if (frameSample * 2 >= data.length) {
            frame = null;
        }
        return samples;
    }

    /** The next frame of the track; null once it ended. */
    private AudioFrame nextFrame() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FRAME_WAIT_SECONDS);
        try {
            while (true) {
                AudioFrame next = player.provide(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next != null && !next.isTerminator()) {
                    return next;
                }
                if (player.getPlayingTrack() == null) {
                    return null;
                }
            }
        } catch (TimeoutException e) {
            throw new IOException("LavaPlayer gave no audio of " + uri + " for " + FRAME_WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for LavaPlayer's audio of " + uri);
        }
    }

    @Override
    public boolean rewind() {
        frame = null;
        player.playTrack(track.makeClone());
        return true;
    }

    @Override
    public void close() {
        player.destroy();
    }
}
