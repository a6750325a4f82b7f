package kithara.protocol.hls;

import java.time.Duration;

/**
 * The rules of bitrate adaptation, from {@link HlsConfig}.
 *
 * @param fixedVariant        a variant to play always, or -1 to adapt
 * @param bandwidthCap        the highest BANDWIDTH allowed (bits/s), 0 for none
 * @param safetyFactor        share of the throughput estimate a variant may use
 * @param hysteresis          extra share an up-switch needs above the target's BANDWIDTH
 * @param upSwitchBuffer      buffer an up-switch needs
 * @param urgentBuffer        buffer below which a down-switch ignores the minimum interval
 * @param minSwitchInterval   time between two non-urgent switches
 * @param fastHalfLife        half-life of the fast average
 * @param slowHalfLife        half-life of the slow average
 * @param minSampleBytes      smaller downloads are not samples
 */
record AbrSettings(int fixedVariant, long bandwidthCap, double safetyFactor, double hysteresis, Duration upSwitchBuffer,
                   Duration urgentBuffer, Duration minSwitchInterval, Duration fastHalfLife, Duration slowHalfLife,
                   long minSampleBytes) {

    /** The defaults of {@link HlsConfig}. */
    static final AbrSettings DEFAULTS = new AbrSettings(-1, 0, 0.8, 0.15, Duration.ofSeconds(5), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(5), 16 * 1024);

    static AbrSettings of(HlsConfig c) {
        return new AbrSettings(c.abr_fixedVariant(), c.abr_bandwidthCap(), c.abr_safetyFactor(), c.abr_hysteresis(),
                seconds(c.abr_upSwitchBufferSeconds()), seconds(c.abr_urgentBufferSeconds()),
                seconds(c.abr_minSwitchIntervalSeconds()), seconds(c.abr_fastHalfLifeSeconds()),
                seconds(c.abr_slowHalfLifeSeconds()), c.abr_minSampleBytes());
    }

    /** Returns these settings playing {@code variant} always. */
    AbrSettings fixed(int variant) {
        return new AbrSettings(variant, bandwidthCap, safetyFactor, hysteresis, upSwitchBuffer, urgentBuffer,
                minSwitchInterval, fastHalfLife, slowHalfLife, minSampleBytes);
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
