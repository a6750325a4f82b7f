package kithara.api.media;

/**
 * Speaker layouts by channel count, in FFmpeg's default channel order. {@link #UNSPECIFIED} means
 * the channels have no known positions; the count then comes from {@link PcmSpec#channels()}.
 */
public enum ChannelLayout {
    /** No known positions. */
    UNSPECIFIED(0),
    /** One channel: front centre. */
    MONO(1),
    /** Front left, front right. */
    STEREO(2),
    /** Front left, front right, low frequency. */
    STEREO_LFE(3),
    /** Front left, front right, front centre, back centre. */
    QUAD(4),
    /** Front left, front right, front centre, side left, side right. */
    SURROUND_5_0(5),
    /** Front left, front right, front centre, low frequency, side left, side right. */
    SURROUND_5_1(6),
    /** 5.1 plus back centre. */
    SURROUND_6_1(7),
    /** 5.1 plus back left and back right. */
    SURROUND_7_1(8);

    private final int channels;

    ChannelLayout(int channels) {
        this.channels = channels;
    }

    /** Returns the number of channels, 0 for {@link #UNSPECIFIED}. */
    public int channels() {
        return channels;
    }

    /**
     * Returns the default layout for a channel count.
     *
     * @return the layout, or {@link #UNSPECIFIED} when no default exists for {@code channels}
     */
    public static ChannelLayout defaultFor(int channels) {
        for (ChannelLayout l : values()) {
            if (l != UNSPECIFIED && l.channels == channels) {
                return l;
            }
        }
        return UNSPECIFIED;
    }
}
