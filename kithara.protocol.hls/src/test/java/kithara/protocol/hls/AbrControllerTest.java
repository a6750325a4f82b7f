package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Bitrate adaptation on scripted throughput: the corpus ladder's bandwidths, a clock the test moves. */
class AbrControllerTest {

    private static final List<Long> LADDER = List.of(66_005L, 134_107L, 269_930L, 988_758L);
    private static final Duration SEGMENT = Duration.ofSeconds(6);
    private static final Duration PLENTY = Duration.ofSeconds(20);

    private long now;

    /** Downloads one 6-second segment of {@code variant} at {@code bitsPerSecond} and asks for the next. */
    private Optional<AbrController.Switch> segment(AbrController abr, int variant, double bitsPerSecond, Duration buffer) {
        long bytes = (long) (LADDER.get(variant) * SEGMENT.toSeconds() / 8);
        Duration took = Duration.ofNanos((long) (bytes * 8 / bitsPerSecond * 1e9));
        abr.onSample(bytes, took);
        now += took.toNanos();
        return abr.decide(variant, buffer, now);
    }

    /** Plays segments, applying every switch, and returns the variant after each. */
    private int[] play(AbrController abr, int start, double[] bitsPerSecond, Duration buffer) {
        int[] variants = new int[bitsPerSecond.length];
        int v = start;
        for (int i = 0; i < bitsPerSecond.length; i++) {
            Optional<AbrController.Switch> s = segment(abr, v, bitsPerSecond[i], buffer);
            if (s.isPresent()) {
                v = s.get().variant();
                abr.applied(now);
            }
            variants[i] = v;
            now += SEGMENT.toNanos() / 2;
        }
        return variants;
    }

    private static double[] flat(int n, double bps) {
        double[] out = new double[n];
        Arrays.fill(out, bps);
        return out;
    }

    @Test
    void aFlatLowBandwidthHoldsTheLowestVariant() {
        AbrController abr = new AbrController(AbrSettings.DEFAULTS, LADDER);
        int[] v = play(abr, 0, flat(12, 100_000), PLENTY);
        for (int x : v) {
            assertEquals(0, x, "100 kbit/s carries only the 66 kbit/s variant");
        }
    }

    @Test
    void aHighBandwidthReachesTheTopAndADropSwitchesDownWithinTwoSegments() {
        AbrController abr = new AbrController(AbrSettings.DEFAULTS, LADDER);
        int[] up = play(abr, 0, flat(6, 20_000_000), PLENTY);
        assertEquals(3, up[up.length - 1], "20 Mbit/s reaches the lossless variant");
        int[] down = play(abr, 3, flat(4, 250_000), PLENTY);
        assertTrue(down[0] < 3 || down[1] < 3, "a drop to 250 kbit/s leaves the top within two segments");
        assertEquals(1, down[down.length - 1], "and settles where 0.8 x 250 kbit/s fits: 134 kbit/s");
        int[] recovered = play(abr, 1, flat(8, 20_000_000), PLENTY);
        assertEquals(3, recovered[recovered.length - 1], "recovery switches back up");
    }

    @Test
    void upSwitchesNeedBufferAndWaitTheMinimumInterval() {
        AbrController abr = new AbrController(AbrSettings.DEFAULTS, LADDER);
        int[] starved = play(abr, 0, flat(4, 20_000_000), Duration.ofSeconds(3));
        assertEquals(0, starved[3], "3 s of buffer is below the 5 s an up-switch needs");
        now = 0;
        AbrController fresh = new AbrController(AbrSettings.DEFAULTS, LADDER);
        assertEquals(Optional.of(3), segment(fresh, 0, 20_000_000, PLENTY).map(AbrController.Switch::variant));
        assertEquals(Optional.of(3), fresh.decide(0, PLENTY, now + 1).map(AbrController.Switch::variant),
                "a proposal not applied is proposed again");
        fresh.applied(now);
        now += 1_000_000_000L;
        assertEquals(Optional.empty(), fresh.decide(3, PLENTY, now), "no switch 1 s after the last");
    }

    @Test
    void aLowBufferMakesTheDownSwitchUrgent() {
        AbrController abr = new AbrController(AbrSettings.DEFAULTS, LADDER);
        assertEquals(Optional.of(3), segment(abr, 0, 20_000_000, PLENTY).map(AbrController.Switch::variant));
        abr.applied(now);
        for (int i = 0; i < 3; i++) {
            abr.onSample(200_000, Duration.ofSeconds(4)); // 400 kbit/s, within the minimum interval
        }
        Optional<AbrController.Switch> s = abr.decide(3, Duration.ofSeconds(1), now + 1);
        assertTrue(s.isPresent() && s.get().variant() < 3 && s.get().reason().startsWith("urgent"), String.valueOf(s));
        assertEquals(Optional.empty(), new AbrController(AbrSettings.DEFAULTS, LADDER).decide(3, PLENTY, 0),
                "no decision before any sample");
    }

    @Test
    void smallSamplesAreIgnoredAndTheLowerAverageWins() {
        AbrController abr = new AbrController(AbrSettings.DEFAULTS, LADDER);
        assertEquals(Optional.empty(), abr.onSample(1000, Duration.ofMillis(1)), "1 KB is not a sample");
        abr.onSample(1_000_000, Duration.ofSeconds(1)); // 8 Mbit/s
        abr.onSample(100_000, Duration.ofSeconds(1)); // 800 kbit/s
        double estimate = abr.estimate();
        assertTrue(estimate < 8_000_000 * 0.8 && estimate > 800_000, "the fast average reacts first: " + estimate);
    }

    @Test
    void manualModeAndTheBandwidthCap() {
        AbrController fixed = new AbrController(AbrSettings.DEFAULTS.fixed(2), LADDER);
        assertEquals(2, fixed.initialVariant());
        assertEquals(Optional.empty(), segment(fixed, 2, 100_000, PLENTY), "a fixed variant never switches");
        AbrSettings capped = new AbrSettings(-1, 300_000, 0.8, 0.15, Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(5), 16 * 1024);
        AbrController abr = new AbrController(capped, LADDER);
        int[] v = play(abr, 0, flat(8, 50_000_000), PLENTY);
        assertEquals(2, v[7], "the cap keeps the 988 kbit/s variant out");
        assertEquals(Optional.of(2), abr.decide(3, PLENTY, now).map(AbrController.Switch::variant),
                "a variant above the cap is left at once");
    }
}
