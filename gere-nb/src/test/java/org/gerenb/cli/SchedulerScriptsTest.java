package org.gerenb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gerenb.runtime.Home;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** environment/slurm/gere-array.sbatch picks its cell from ./gere cells; a fake ./gere records the call. */
class SchedulerScriptsTest {
    @TempDir
    Path checkout;

    private static Path script() {
        for (Path dir = Home.resolve(".").toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path sbatch = dir.resolve("environment/slurm/gere-array.sbatch");
            if (Files.isRegularFile(sbatch)) {
                return sbatch;
            }
        }
        throw new IllegalStateException("environment/slurm/gere-array.sbatch not found");
    }

    private Process runArrayTask(String index) throws Exception {
        Path fake = checkout.resolve("gere");
        Files.writeString(fake, "#!/usr/bin/env bash\nif [[ $1 == cells ]]; then printf 'Baseline\\t42\\nTM (w = dy)\\t43\\n';"
                + " else echo \"called: $*\"; fi\n");
        assertTrue(fake.toFile().setExecutable(true));
        ProcessBuilder builder = new ProcessBuilder("bash", script().toString()).redirectErrorStream(true);
        builder.environment().put("SLURM_SUBMIT_DIR", checkout.toString());
        builder.environment().put("SLURM_ARRAY_TASK_ID", index);
        builder.environment().put("SPEC", "table2");
        builder.environment().remove("SCALE");
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return process;
    }

    @Test
    void anArrayTaskRunsTheCellOfItsIndex() throws Exception {
        Process process = runArrayTask("1");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("called: run table2 --scale paper --method TM (w = dy) --seed 43 --device gpu"), output);
    }

    @Test
    void anIndexPastTheLastCellFails() throws Exception {
        Process process = runArrayTask("2");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("no cell 2 in table2 at scale paper (2 cells)"), output);
    }
}
