package kithara.api.dsp;

/** Resampling quality, from cheapest to most accurate. */
public enum ResampleQuality {
    /** Short filter; for previews and analysis where speed matters most. */
    FAST,
    /** The default: transparent for playback. */
    NORMAL,
    /** Longer filter, for mastering-grade output. */
    HIGH,
    /** The longest filter the implementation has. */
    MAXIMUM
}
