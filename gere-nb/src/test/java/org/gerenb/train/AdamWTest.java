package org.gerenb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AdamW + cosine warm-up + global-norm clipping against torch's trajectory (make_adamw_fixture.py). */
class AdamWTest {

    @Test
    void followsTorchAdamWTrajectory() throws Exception {
        JsonObject fixture = JsonParser.parseString(Files.readString(
                Path.of("src/test/resources/fixtures/adamw/trajectory.json"))).getAsJsonObject();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(matrix(fixture.getAsJsonArray("initial")));
            NDArray target = manager.create(matrix(fixture.getAsJsonArray("target")));
            p.setRequiresGradient(true);
            LearningRateSchedule schedule = new LearningRateSchedule(LearningRateSchedule.Shape.COSINE,
                    fixture.get("lr").getAsDouble(), fixture.get("warmup").getAsInt(), fixture.get("total").getAsInt());
            try (AdamW adamW = new AdamW(Map.of("p", p), fixture.get("weight_decay").getAsDouble())) {
                JsonArray steps = fixture.getAsJsonArray("steps");
                for (int s = 0; s < steps.size(); s++) {
                    JsonObject expected = steps.get(s).getAsJsonObject();
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        collector.backward(p.sub(target).pow(3).abs().sum());
                    }
                    double norm = GradientClipping.clipGlobalNorm(java.util.List.of(p), fixture.get("max_norm").getAsDouble());
                    assertEquals(expected.get("grad_norm").getAsDouble(), norm, 1e-4 * norm, "grad norm at step " + s);
                    assertEquals(expected.get("lr").getAsDouble(), schedule.at(s), 1e-12, "lr at step " + s);
                    adamW.step(schedule.at(s));
                    float[] want = flat(matrix(expected.getAsJsonArray("params")));
                    float[] got = p.toFloatArray();
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(want[i], got[i], 1e-6, "parameter " + i + " after step " + s);
                    }
                }
            }
        }
    }

    private static float[][] matrix(JsonArray rows) {
        float[][] m = new float[rows.size()][];
        for (int r = 0; r < m.length; r++) {
            JsonArray row = rows.get(r).getAsJsonArray();
            m[r] = new float[row.size()];
            for (int c = 0; c < m[r].length; c++) {
                m[r][c] = row.get(c).getAsFloat();
            }
        }
        return m;
    }

    private static float[] flat(float[][] m) {
        float[] f = new float[m.length * m[0].length];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, f, r * m[r].length, m[r].length);
        }
        return f;
    }

    @Test
    void discardedNonFiniteGradientsLeaveParametersAndZeroGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(new float[] {1f, 2f});
            p.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(p.mul(manager.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY})).sum());
            }
            try (AdamW adamW = new AdamW(Map.of("p", p), 0.0)) {
                assertEquals(Double.NaN, GradientClipping.clipGlobalNorm(java.util.List.of(p), 1.0));
                adamW.discardGradients();
                org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0f, 0f}, p.getGradient().toFloatArray());
                org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1f, 2f}, p.toFloatArray());
            }
        }
    }
}
