package org.gerenb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedStatisticsTest {

    @Test
    void meanAndIntervalByHand() {
        // 50, 52, 57: mean 53, sd^2 = (9 + 1 + 16) / 2 = 13, ci = 4.303 * sqrt(13) / sqrt(3) = 8.9575...
        SeedStatistics.Estimate e = SeedStatistics.of(new double[] {50, 52, 57});
        assertEquals(53, e.mean(), 1e-12);
        assertEquals(4.303 * Math.sqrt(13.0 / 3), e.ci95(), 1e-12);
        assertEquals(3, e.n());
        assertTrue(e.excludesZero());
    }

    @Test
    void unmeasuredSeedsAreLeftOutAndOneSeedHasNoInterval() {
        SeedStatistics.Estimate e = SeedStatistics.of(new double[] {Double.NaN, 4, 6});
        assertEquals(5, e.mean(), 1e-12);
        assertEquals(12.706 * Math.sqrt(2) / Math.sqrt(2), e.ci95(), 1e-12);
        SeedStatistics.Estimate one = SeedStatistics.of(new double[] {7});
        assertEquals(7, one.mean());
        assertTrue(Double.isNaN(one.ci95()));
        assertFalse(one.excludesZero());
        assertTrue(Double.isNaN(SeedStatistics.of(new double[0]).mean()));
    }

    @Test
    void pairedDifferenceRemovesTheSeedEffect() {
        // seeds move both methods together: unpaired intervals overlap, the paired difference is 2 +- 0
        double[] a = {60, 70, 80};
        double[] b = {58, 68, 78};
        SeedStatistics.Estimate d = SeedStatistics.pairedDifference(a, b);
        assertEquals(2, d.mean(), 1e-12);
        assertEquals(0, d.ci95(), 1e-12);
        assertTrue(SeedStatistics.of(a).lower() < SeedStatistics.of(b).upper());
        // differences 1, -1, 3: mean 1, sd 2 -> ci 4.303 * 2 / sqrt(3) = 4.97 > 1: does not hold
        SeedStatistics.Estimate noisy = SeedStatistics.pairedDifference(new double[] {1, 0, 3}, new double[] {0, 1, 0});
        assertEquals(1, noisy.mean(), 1e-12);
        assertFalse(noisy.excludesZero());
        assertThrows(IllegalArgumentException.class, () -> SeedStatistics.pairedDifference(a, new double[] {1}));
    }

    @Test
    void studentQuantilesFallBackToTheNormal() {
        assertEquals(2.776, SeedStatistics.tQuantile975(4));
        assertEquals(1.96, SeedStatistics.tQuantile975(100));
        assertThrows(IllegalArgumentException.class, () -> SeedStatistics.tQuantile975(0));
    }
}
