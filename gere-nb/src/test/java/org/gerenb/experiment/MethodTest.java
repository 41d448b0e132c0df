package org.gerenb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gerenb.train.ReplayConstraint;
import org.gerenb.train.ReplayStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Method strings of experiment files. */
class MethodTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "baseline                | Baseline",
        "replay                  | BaselineR",
        "tm                      | BaselineR+TM (w=100)",
        "tm:1                    | BaselineR+TM (w=1)",
        "TM:dy                   | BaselineR+TM (w=dy)",
        "kl:1                    | BaselineR+KL(T=2) (w=1)",
        "l1:0.5                  | BaselineR+L1 (w=0.5)",
        "l2:100+bi=4             | BaselineR+L2 (w=100) +BI(4)",
        "' tm:dy+bi=4+lora '     | BaselineR+TM (w=dy) +BI(4) (LoRA)",
        "replay+lora             | BaselineR (LoRA)"})
    void parsesThePaperNames(String text, String name) {
        assertEquals(name, Method.parse(text).name());
    }

    @Test
    void parsesTheStrategy() {
        Method method = Method.parse("tm:dy+bi=4+lora");
        assertEquals("tm:dy+bi=4+lora", method.text());
        assertTrue(method.lora());
        ReplayStrategy s = method.strategy();
        assertTrue(s.replay());
        assertEquals(new ReplayConstraint.Tm(), s.constraint());
        assertTrue(s.weight().dynamic());
        assertEquals(4, s.replayPerBatch());
        assertFalse(Method.parse("baseline").strategy().replay());
        assertEquals(2.0, ((ReplayConstraint.Kl) Method.parse("kl").strategy().constraint()).temperature());
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "foo", "tm:abc", "tm:", "tm+bi=x", "tm+bi=", "tm+extra", "tm++lora", "none", "none:1",
        "baseline:5", "replay:1"})
    void rejectsUnknownMethodsListingTheGrammar(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Method.parse(text));
        assertTrue(e.getMessage().contains("unknown method '" + text + "'")
                && e.getMessage().contains("tm|kl|l1|l2[:WEIGHT|:dy]"), e.getMessage());
    }

    @Test
    void rejectsInconsistentSettings() {
        IllegalArgumentException bi = assertThrows(IllegalArgumentException.class,
                () -> Method.parse("baseline+bi=4"));
        assertTrue(bi.getMessage().contains("batch interpolation needs replay"), bi.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Method.parse("tm+bi=-1"));
        assertTrue(negative.getMessage().contains("k must be >= 0, got -1"), negative.getMessage());
        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class, () -> Method.parse("tm:-1"));
        assertTrue(weight.getMessage().contains("finite number >= 0, got -1"), weight.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Method.parse("tm:1e400"));
    }
}
