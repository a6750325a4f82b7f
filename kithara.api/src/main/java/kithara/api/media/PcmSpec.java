package kithara.api.media;

import java.time.Duration;

/**
 * The format of interleaved float32 PCM: sample rate, channel count and layout. Immutable.
 *
 * @param sampleRate frames per second, 1 to 768,000
 * @param channels   channels per frame, 1 to 64
 * @param layout     speaker positions; its channel count must equal {@code channels} unless it is
 *                   {@link ChannelLayout#UNSPECIFIED}
 */
public record PcmSpec(int sampleRate, int channels, ChannelLayout layout) {

    /** Highest sample rate accepted. */
    public static final int MAX_SAMPLE_RATE = 768_000;
    /** Highest channel count accepted. */
    public static final int MAX_CHANNELS = 64;

    /** Validates the fields; throws IllegalArgumentException naming the bad value. */
    public PcmSpec {
        if (sampleRate < 1 || sampleRate > MAX_SAMPLE_RATE) {
            throw new IllegalArgumentException("sampleRate out of range [1, " + MAX_SAMPLE_RATE + "]: " + sampleRate);
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("channels out of range [1, " + MAX_CHANNELS + "]: " + channels);
        }
        if (layout == null) {
            throw new IllegalArgumentException("layout is null (use ChannelLayout.UNSPECIFIED)");
        }
        if (layout != ChannelLayout.UNSPECIFIED && layout.channels() != channels) {
            throw new IllegalArgumentException("layout " + layout + " has " + layout.channels()
                    + " channels, not " + channels);
        }
    }

    /** Returns a spec with the default layout for {@code channels}. */
    public static PcmSpec of(int sampleRate, int channels) {
        return new PcmSpec(sampleRate, channels, ChannelLayout.defaultFor(channels));
    }

    /**
     * Returns the duration of {@code frames} frames at this rate, rounded up to the nanosecond so that
     * {@code framesIn(durationOf(n)) == n}.
     */
    public Duration durationOf(long frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("frames < 0: " + frames);
        }
        long seconds = frames / sampleRate;
        long rest = frames % sampleRate;
        return Duration.ofSeconds(seconds, (rest * 1_000_000_000L + sampleRate - 1) / sampleRate);
    }

    /** Returns the index of the frame that plays at {@code time}, rounded down. */
    public long framesIn(Duration time) {
        if (time.isNegative()) {
            throw new IllegalArgumentException("time is negative: " + time);
        }
        return Math.addExact(Math.multiplyExact(time.getSeconds(), (long) sampleRate),
                (long) time.getNano() * sampleRate / 1_000_000_000L);
    }
}
