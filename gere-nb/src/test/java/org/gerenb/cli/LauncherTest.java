package org.gerenb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gerenb.runtime.Home;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classpath and environment ./gere composes (environment/launch.sh), read without starting java. */
class LauncherTest {
    @TempDir
    Path fakeRoot;

    private static final Path REPO = repositoryRoot();
    private static final Path LAUNCH = REPO.resolve("environment/launch.sh");

    /** The checkout holding ./gere: the working directory (gere-nb/ under Maven) or a folder above it. */
    private static Path repositoryRoot() {
        for (Path dir = Home.resolve(".").toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("environment/launch.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no environment/launch.sh above " + Path.of("").toAbsolutePath());
    }

    /** A checkout with the jars a build leaves, empty files standing in for them. */
    private void writeFakeBuild() throws IOException {
        for (String jar : List.of("lib/api-0.36.0.jar", "lib/pytorch-jni-2.7.1-0.36.0.jar",
                "lib/pytorch-native-cpu-2.7.1-linux-x86_64.jar", "lib/slf4j-nop-2.0.17.jar", "lib/slf4j-api-2.0.17.jar",
                "lib-gpu/slf4j-simple-2.0.17.jar", "gere-nb.jar")) {
            Path file = fakeRoot.resolve("gere-nb/target").resolve(jar);
            Files.createDirectories(file.getParent());
            Files.createFile(file);
        }
    }

    private static List<String> run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(REPO.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("PYTORCH_") || key.startsWith("MALLOC_") || key.startsWith("GERE_NATIVE") || key.equals("GERE_DEVICE"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "launcher did not finish");
        assertEquals(0, process.exitValue(), output);
        return output.lines().toList();
    }

    private List<String> composed(Map<String, String> env, String... gereArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "source \"$0\"; gere_compose_launch \"$1\" "
                + "\"$(gere_device_of \"${@:2}\")\"; gere_print_launch", LAUNCH.toString(), fakeRoot.toString()));
        command.addAll(List.of(gereArgs));
        return run(env, command.toArray(String[]::new));
    }

    private static List<String> classpath(List<String> lines) {
        return List.of(lines.get(0).substring("classpath=".length()).split(":"));
    }

    @Test
    void gpuLeavesOutTheCpuNativesAndSlf4jNopAndGoesOnline() throws Exception {
        writeFakeBuild();
        List<String> lines = composed(Map.of(), "run", "spec.json", "--device", "gpu");
        List<String> jars = classpath(lines).stream().map(entry -> Path.of(entry).getFileName().toString()).toList();
        assertEquals(List.of("gere-nb.jar", "api-0.36.0.jar", "pytorch-jni-2.7.1-0.36.0.jar", "slf4j-api-2.0.17.jar",
                "slf4j-simple-2.0.17.jar"), jars);
        assertTrue(lines.contains("env DJL_OFFLINE=false"), lines.toString());
        assertTrue(lines.contains("env PYTORCH_FLAVOR=cu128"), lines.toString());
        assertTrue(lines.contains("env GERE_DEVICE=gpu"), lines.toString());
        assertTrue(lines.contains("java-flags=-Dai.djl.offline=false"), lines.toString());
    }

    @Test
    void gereDeviceAndALocalLibtorchStayOffline() throws Exception {
        writeFakeBuild();
        List<String> lines = composed(Map.of("GERE_DEVICE", "gpu:1", "PYTORCH_LIBRARY_PATH", "/opt/libtorch/lib"),
                "reproduce", "table2");
        assertTrue(classpath(lines).stream().noneMatch(entry -> entry.contains("native-cpu")), lines.get(0));
        assertTrue(lines.contains("env PYTORCH_LIBRARY_PATH=/opt/libtorch/lib"), lines.toString());
        assertTrue(lines.contains("env DJL_OFFLINE=true"), lines.toString());
        assertTrue(lines.contains("env GERE_DEVICE=gpu:1"), lines.toString());
        assertTrue(lines.contains("java-flags=-Dai.djl.offline=true"), lines.toString());
    }

    @Test
    void theCpuPathIsTheJarAndTheLibWildcardOffline() throws Exception {
        List<String> lines = run(Map.of("GERE_PRINT_LAUNCH", "1"), REPO.resolve("gere").toString(), "run", "x.json");
        Path repo = REPO.toRealPath();
        assertEquals("classpath=" + repo.resolve("gere-nb/target/gere-nb.jar") + ":" + repo.resolve("gere-nb/target/lib")
                + "/*", lines.get(0));
        assertTrue(lines.contains("env DJL_OFFLINE=true"), lines.toString());
        assertTrue(lines.contains("env OPT_OUT_TRACKING=true"), lines.toString());
        assertEquals("java-flags=-Dai.djl.offline=true", lines.get(lines.size() - 1));
    }

    @Test
    void nativeEnvSettingsApplyUnlessTheCallerSetsThem() throws Exception {
        writeFakeBuild();
        List<String> defaults = composed(Map.of(), "run", "x.json");
        assertTrue(defaults.contains("env MALLOC_MMAP_MAX_=0"), defaults.toString());
        assertTrue(defaults.contains("env GERE_NATIVE_ENV_ADDED=MALLOC_MMAP_MAX_"), defaults.toString());
        List<String> lines = composed(Map.of("MALLOC_MMAP_MAX_", "65536"), "run", "x.json", "--device", "gpu");
        assertTrue(lines.contains("env MALLOC_MMAP_MAX_=65536"), lines.toString());
        assertTrue(lines.contains("env GERE_NATIVE_ENV_ADDED="), lines.toString());
    }
}
