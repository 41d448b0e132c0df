package org.gerenb.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.gerenb.runtime.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The display bridge against each kernel it supports, without the kernels: for each one a stand-in with
 * the kernel's class names and the signatures the bridge calls (checked against rapaio-jupyter-kernel
 * 3.0.1, jupyter-jvm-basekernel 2.3.0 and jjava-jupyter 1.0-a6 with javap) is compiled into a class loader
 * that becomes the context loader, as JShell's is inside a kernel. Each stand-in kernel records what it was
 * asked to display.
 */
class KernelBridgeTest {

    /** A DisplayData with the public constructor (JJava, IJava) or the static factory (rapaio). */
    private static String displayData(String pkg, boolean factory) {
        String create = factory
                ? "private DisplayData() {} public static DisplayData fromText(String t) {"
                  + " DisplayData d = new DisplayData(); d.putData(\"text/plain\", t); return d; }"
                : "public DisplayData(String t) { putData(\"text/plain\", t); }";
        return "package " + pkg + ";\n"
                + "public class DisplayData { public final java.util.Map<String, Object> data ="
                + " new java.util.LinkedHashMap<>(); " + create
                + " public String displayId;"
                + " public void setDisplayId(String id) { displayId = id; }"
                + " public void putData(String mime, Object value) { data.put(mime, value); } }";
    }

    /**
     * A kernel class whose display(DisplayData) records its argument in a static list, and updates in
     * another: on the kernel itself (rapaio) or on the display stream of its IO (IJava, JJava).
     */
    private static String kernel(String pkg, String name, String displayDataClass, String extra) {
        String updates = pkg.startsWith("org.rapaio")
                ? " public void updateDisplay(" + displayDataClass + " d) { UPDATED.add(d); }"
                : " public static class Stream { public void updateDisplay(" + displayDataClass + " d) { UPDATED.add(d); } }"
                  + " public static class IO { public final Stream display = new Stream(); }"
                  + " private final IO io = new IO(); public IO getIO() { return io; }";
        return "package " + pkg + ";\n"
                + "public class " + name + " { public static final java.util.List<Object> SHOWN ="
                + " new java.util.ArrayList<>(); public static final java.util.List<Object> UPDATED ="
                + " new java.util.ArrayList<>(); " + extra + updates
                + " public void display(" + displayDataClass + " d) { SHOWN.add(d); } }";
    }

    enum Kernel {
        RAPAIO("rapaio", Map.of(
                "org/rapaio/jupyter/kernel/display/DisplayData", displayData("org.rapaio.jupyter.kernel.display", true),
                "org/rapaio/jupyter/kernel/core/RapaioKernel", kernel("org.rapaio.jupyter.kernel.core", "RapaioKernel",
                        "org.rapaio.jupyter.kernel.display.DisplayData", ""),
                "org/rapaio/jupyter/kernel/MainApp", "package org.rapaio.jupyter.kernel;\n public class MainApp {"
                        + " public static final org.rapaio.jupyter.kernel.core.RapaioKernel kernel ="
                        + " new org.rapaio.jupyter.kernel.core.RapaioKernel(); }"),
                "org.rapaio.jupyter.kernel.core.RapaioKernel"),
        JJAVA("jjava", Map.of(
                "org/dflib/jjava/jupyter/kernel/display/DisplayData", displayData("org.dflib.jjava.jupyter.kernel.display", false),
                "org/dflib/jjava/jupyter/kernel/BaseKernel", kernel("org.dflib.jjava.jupyter.kernel", "BaseKernel",
                        "org.dflib.jjava.jupyter.kernel.display.DisplayData",
                        "private static final BaseKernel K = new BaseKernel();"
                        + " public static BaseKernel notebookKernel() { return K; }")),
                "org.dflib.jjava.jupyter.kernel.BaseKernel"),
        /** JJava's earlier alphas: BaseKernel without notebookKernel(), the kernel reached through JJava. */
        JJAVA_EARLIER("jjava", Map.of(
                "org/dflib/jjava/jupyter/kernel/display/DisplayData", displayData("org.dflib.jjava.jupyter.kernel.display", false),
                "org/dflib/jjava/jupyter/kernel/BaseKernel", kernel("org.dflib.jjava.jupyter.kernel", "BaseKernel",
                        "org.dflib.jjava.jupyter.kernel.display.DisplayData", ""),
                "org/dflib/jjava/JJava", "package org.dflib.jjava;\n public class JJava {"
                        + " private static final org.dflib.jjava.jupyter.kernel.BaseKernel K ="
                        + " new org.dflib.jjava.jupyter.kernel.BaseKernel();"
                        + " public static org.dflib.jjava.jupyter.kernel.BaseKernel getKernelInstance() { return K; } }"),
                "org.dflib.jjava.jupyter.kernel.BaseKernel"),
        IJAVA("ijava", Map.of(
                "io/github/spencerpark/jupyter/kernel/display/DisplayData", displayData("io.github.spencerpark.jupyter.kernel.display", false),
                "io/github/spencerpark/ijava/JavaKernel", kernel("io.github.spencerpark.ijava", "JavaKernel",
                        "io.github.spencerpark.jupyter.kernel.display.DisplayData", ""),
                "io/github/spencerpark/ijava/IJava", "package io.github.spencerpark.ijava;\n public class IJava {"
                        + " private static final JavaKernel K = new JavaKernel();"
                        + " public static JavaKernel getKernelInstance() { return K; } }"),
                "io.github.spencerpark.ijava.JavaKernel");

        final String label;
        final Map<String, String> sources;
        final String kernelClass;

        Kernel(String label, Map<String, String> sources, String kernelClass) {
            this.label = label;
            this.sources = sources;
            this.kernelClass = kernelClass;
        }
    }

    @TempDir
    Path dir;
    private ClassLoader saved;

    /** Compiles the stand-in and makes its loader the context loader; the bridge then detects it. */
    private ClassLoader install(Kernel kernel) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK");
        List<String> args = new ArrayList<>(List.of("-d", dir.resolve("classes").toString()));
        for (Map.Entry<String, String> source : kernel.sources.entrySet()) {
            Path file = dir.resolve("src").resolve(source.getKey() + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "stand-in compiles");
        ClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()},
                getClass().getClassLoader());
        saved = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        NotebookKernel.forget();
        return loader;
    }

    @AfterEach
    void uninstall() {
        if (saved != null) {
            Thread.currentThread().setContextClassLoader(saved);
        }
        NotebookKernel.forget();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Object displayData) throws ReflectiveOperationException {
        return (Map<String, Object>) displayData.getClass().getField("data").get(displayData);
    }

    private static List<Object> shown(ClassLoader loader, Kernel kernel) throws ReflectiveOperationException {
        return recorded(loader, kernel, "SHOWN");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> recorded(ClassLoader loader, Kernel kernel, String list) throws ReflectiveOperationException {
        return (List<Object>) Class.forName(kernel.kernelClass, true, loader).getField(list).get(null);
    }

    private static String displayId(Object displayData) throws ReflectiveOperationException {
        return (String) displayData.getClass().getField("displayId").get(displayData);
    }

    private static Table losses() {
        return Table.create("losses", IntColumn.create("step", 1, 2, 3), DoubleColumn.create("loss", 2.5, 1.7, 1.2));
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void aTableIsTheKernelsOwnDisplayDataWithHtml(Kernel kernel) throws Exception {
        ClassLoader loader = install(kernel);
        assertEquals(kernel.label, Show.kernel());
        Object shown = Show.table(losses());
        assertEquals(loader, shown.getClass().getClassLoader(), "an instance of the kernel's DisplayData");
        Map<String, Object> data = data(shown);
        assertTrue(((String) data.get("text/html")).contains("<table>"), data.toString());
        assertTrue(((String) data.get("text/plain")).contains("loss"), data.toString());
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void nowPublishesTablesAsHtmlAndChartsAsPng(Kernel kernel) throws Exception {
        ClassLoader loader = install(kernel);
        XYChart chart = new XYChartBuilder().width(200).height(150).title("loss").build();
        chart.addSeries("loss", new double[] {1, 2, 3}, new double[] {2.5, 1.7, 1.2});
        Show.now(losses());
        Show.now(chart);
        List<Object> published = shown(loader, kernel);
        assertEquals(2, published.size(), "one display per Show.now");
        assertTrue(data(published.get(0)).containsKey("text/html"));
        byte[] png = Base64.getDecoder().decode((String) data(published.get(1)).get("image/png"));
        assertEquals("\u0089PNG", new String(png, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void progressBarsOfARunShareOneOutputUpdatedInPlace(Kernel kernel) throws Exception {
        assumeFalse(Progress.quiet(), "GERE_QUIET silences bars");
        ClassLoader loader = install(kernel);
        try (Progress.Scope bars = Show.progressInPlace(); Progress first = new Progress("train era", 2);
                Progress second = new Progress("train spam", 1)) {
            first.step("loss 2.0");
            first.step("loss 1.0");
            second.step("loss 0.5");
        }
        List<Object> shown = shown(loader, kernel);
        List<Object> updated = recorded(loader, kernel, "UPDATED");
        assertEquals(1, shown.size(), "one output for the whole run");
        assertEquals(2, updated.size(), "each later redraw replaces it (the first bar's end, the second bar's)");
        String id = displayId(shown.get(0));
        assertNotNull(id);
        for (Object update : updated) {
            assertEquals(id, displayId(update));
        }
        assertTrue(((String) data(updated.get(1)).get("text/plain")).startsWith("train spam ["), data(updated.get(1)).toString());
    }
}
