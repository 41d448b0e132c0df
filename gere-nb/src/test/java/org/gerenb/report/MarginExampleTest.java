package org.gerenb.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class MarginExampleTest {

    @Test
    void eachRegionPenalisesOnlyLeavingItAndTmAveragesOverTheViolations() {
        // thresholds -1 and 1; by hand: stays below (0), drifts up from below to -0.5 (0.5), stays between (0),
        // leaves between upwards to 1.5 (0.5), falls from above to 0.2 (0.8), stays above (0)
        float[] base = {-2f, -1.5f, 0f, 0.5f, 1.5f, 3f};
        float[] current = {-2.5f, -0.5f, 0.3f, 1.5f, 0.2f, 2f};
        Table table = MarginExample.of(base, current, -1f, 1f);
        assertEquals(List.of("below neg", "below neg", "between", "between", "above pos", "above pos"),
                table.stringColumn("region").asList());
        double[] penalties = table.doubleColumn("penalty").asDoubleArray();
        double[] expected = {0, 0.5, 0, 0.5, 0.8, 0};
        for (int d = 0; d < expected.length; d++) {
            assertEquals(expected[d], penalties[d], 1e-6, "dimension " + d);
        }
        // (0.5 + 0.5 + 0.8) / 3 violating elements
        assertEquals("TM = 0.6000 (sum of penalties / 3 violating of 6 elements)", table.name());
    }

    @Test
    void mismatchedInputsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MarginExample.of(new float[] {1f}, new float[] {1f, 2f}, -1f, 1f));
        assertEquals("base and current need the same, non-zero number of dimensions, got 1 and 2", e.getMessage());
    }
}
