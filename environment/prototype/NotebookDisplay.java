package gerenb.proto;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * PROTOTYPE of a kernel-agnostic display bridge for Java notebooks (rapaio-jupyter-kernel, IJava, JJava).
 *
 * <p>How it works. None of the three kernels shares a display API, but all three (a) render a
 * {@link java.awt.image.RenderedImage} returned by a cell as {@code image/png}, and (b) pass an instance of
 * <em>their own</em> {@code DisplayData} class through unchanged when a cell's last expression evaluates to
 * it. So:
 * <ul>
 *   <li>charts: {@link #chart} returns a {@link BufferedImage}; nothing kernel-specific is needed;</li>
 *   <li>HTML (tables): {@link #html} looks up the running kernel's {@code DisplayData} class by reflection,
 *       builds one carrying {@code text/html} plus a {@code text/plain} fallback, and returns it as
 *       {@code Object}. The kernel classes are never a compile-time dependency;</li>
 *   <li>"show now" (several outputs from one cell, e.g. inside a training loop): {@link #show} builds the
 *       same {@code DisplayData} and hands it to the kernel's own {@code display(DisplayData)} method.</li>
 * </ul>
 * Outside a kernel (plain JShell, unit tests, the command line) {@link #html} returns a {@link Rendered}
 * whose {@code toString()} is the plain-text form, and {@link #show} prints that text.
 *
 * <p>Kernel classes used, all found by name at run time:
 * <pre>
 *   rapaio 3.x  org.rapaio.jupyter.kernel.display.DisplayData   DisplayData.fromText(String); putData(String,Object)
 *               kernel: org.rapaio.jupyter.kernel.MainApp.kernel  .display(DisplayData)
 *   JJava 1.0   org.dflib.jjava.jupyter.kernel.display.DisplayData  new DisplayData(String); putData(String,Object)
 *               kernel: org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel()  .display(DisplayData)
 *               (older alphas: org.dflib.jjava.JJava.getKernelInstance())
 *   IJava 1.3   io.github.spencerpark.jupyter.kernel.display.DisplayData  new DisplayData(String); putData(String,Object)
 *               kernel: io.github.spencerpark.ijava.IJava.getKernelInstance()  .display(DisplayData)
 * </pre>
 *
 * <p>Verified: inside rapaio-jupyter-kernel 3.0.1 (headless, {@code prove_display.sh}): text/html and image/png
 * as cell results and as mid-cell display_data. IJava/JJava: the DisplayData values were built against the real
 * classes (jupyter-jvm-basekernel 2.3.0, jjava-jupyter 1.0-a6); running inside those kernels is untested.
 * Caveat: if the rapaio jar is on a classpath outside a running kernel, {@link #show} initialises its
 * {@code MainApp} (which builds a kernel object) before giving up; only {@link #show} touches kernel objects.
 */
public final class NotebookDisplay {

    /** Which kernel hosts this JVM: "rapaio", "jjava", "ijava" or "none". */
    public static String kernel() {
        return flavour().name;
    }

    /** A cell value shown as {@code text/html} by the kernel (plain text elsewhere). */
    public static Object html(String html, String plainText) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/html", html);
        return bundle(plainText, bundle);
    }

    public static Object html(String html) {
        return html(html, html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim());
    }

    /** A cell value shown as {@code image/png}, with a text fallback. A bare BufferedImage works too. */
    public static Object png(BufferedImage image, String plainText) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("image/png", base64Png(image));
        return bundle(plainText, bundle);
    }

    /**
     * Publishes a value now, as its own output, instead of returning it as the cell value. Accepts what
     * {@link #html}/{@link #png} return, a {@link BufferedImage}, or anything else (shown as text).
     * Returns false when no kernel display API was found (then the text form was printed).
     */
    public static boolean show(Object value) {
        Flavour f = flavour();
        Object data = value;
        if (value instanceof BufferedImage) data = png((BufferedImage) value, "<image>");
        else if (!(f.displayData != null && f.displayData.isInstance(value)) && !(value instanceof Rendered))
            data = bundle(String.valueOf(value), Map.of());
        if (f.displayData == null || !f.displayData.isInstance(data)) {
            System.out.println(data);
            return false;
        }
        try {
            Object kernel = f.kernelInstance();
            if (kernel == null) {
                System.out.println(plainText(data));
                return false;
            }
            try {
                f.displayData.getMethod("setDisplayId", String.class).invoke(data, UUID.randomUUID().toString());
            } catch (NoSuchMethodException ignored) {
                // optional
            }
            Method display = kernel.getClass().getMethod("display", f.displayData);
            display.invoke(kernel, data);
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            System.out.println(plainText(data));
            return false;
        }
    }

    /** The text/plain entry of a kernel DisplayData (for printing when no kernel can display it). */
    private static String plainText(Object displayData) {
        try {
            java.lang.reflect.Field field = displayData.getClass().getDeclaredField("data");
            field.setAccessible(true);
            Object text = ((Map<?, ?>) field.get(displayData)).get("text/plain");
            if (text != null) return text.toString();
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // fall back to toString
        }
        return String.valueOf(displayData);
    }

    // ----------------------------------------------------------------------------------------------
    // Tablesaw and XChart adapters (these two would live in the library proper).
    // ----------------------------------------------------------------------------------------------

    /** A Tablesaw table as an HTML table (first {@code maxRows} rows) with a text fallback. */
    public static Object table(tech.tablesaw.api.Table table, int maxRows) {
        tech.tablesaw.api.Table shown = table.rowCount() > maxRows ? table.first(maxRows) : table;
        String body = shown.write().toString("html");
        String caption = escape(table.name() == null ? "" : table.name())
                + " <small>(" + table.rowCount() + " rows &times; " + table.columnCount() + " columns"
                + (shown != table ? ", first " + maxRows + " shown" : "") + ")</small>";
        String html = "<div class=\"gere-table\"><div><b>" + caption + "</b></div>" + body + "</div>";
        return html(html, shown.print());
    }

    public static Object table(tech.tablesaw.api.Table table) {
        return table(table, 20);
    }

    /** An XChart chart as an image; returned from a cell it is shown as image/png by all three kernels. */
    public static BufferedImage chart(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        return org.knowm.xchart.BitmapEncoder.getBufferedImage(chart);
    }

    // ----------------------------------------------------------------------------------------------
    // Internals
    // ----------------------------------------------------------------------------------------------

    /** Value returned outside any kernel: prints as its plain-text form. */
    public static final class Rendered {
        private final String text;
        private final Map<String, Object> data;

        Rendered(String text, Map<String, Object> data) {
            this.text = text;
            this.data = Map.copyOf(data);
        }

        public Map<String, Object> data() {
            return data;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static Object bundle(String plainText, Map<String, Object> mimeData) {
        Flavour f = flavour();
        if (f.displayData != null) {
            try {
                Object dd = f.newDisplayData(plainText);
                Method put = f.displayData.getMethod("putData", String.class, Object.class);
                for (Map.Entry<String, Object> e : mimeData.entrySet()) put.invoke(dd, e.getKey(), e.getValue());
                return dd;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall through to the kernel-less value
            }
        }
        return new Rendered(plainText, mimeData);
    }

    private static String base64Png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static volatile Flavour flavour;

    private static Flavour flavour() {
        Flavour f = flavour;
        if (f == null) flavour = f = Flavour.detect();
        return f;
    }

    private static final class Flavour {
        final String name;
        final Class<?> displayData;
        private final ClassLoader loader;

        private Flavour(String name, Class<?> displayData, ClassLoader loader) {
            this.name = name;
            this.displayData = displayData;
            this.loader = loader;
        }

        static Flavour detect() {
            String[][] candidates = {
                {"rapaio", "org.rapaio.jupyter.kernel.display.DisplayData"},
                {"jjava", "org.dflib.jjava.jupyter.kernel.display.DisplayData"},
                {"ijava", "io.github.spencerpark.jupyter.kernel.display.DisplayData"},
            };
            ClassLoader[] loaders = {
                Thread.currentThread().getContextClassLoader(),
                NotebookDisplay.class.getClassLoader(),
                ClassLoader.getSystemClassLoader(),
            };
            for (String[] c : candidates) {
                for (ClassLoader cl : loaders) {
                    if (cl == null) continue;
                    try {
                        return new Flavour(c[0], Class.forName(c[1], false, cl), cl);
                    } catch (ClassNotFoundException | LinkageError ignored) {
                        // try the next loader / kernel
                    }
                }
            }
            return new Flavour("none", null, null);
        }

        Object newDisplayData(String plainText) throws ReflectiveOperationException {
            if (name.equals("rapaio")) return displayData.getMethod("fromText", String.class).invoke(null, plainText);
            return displayData.getConstructor(String.class).newInstance(plainText);
        }

        /** The running kernel object, or null. Only called from inside a kernel. */
        Object kernelInstance() throws ReflectiveOperationException {
            switch (name) {
                case "rapaio":
                    return Class.forName("org.rapaio.jupyter.kernel.MainApp", true, loader).getField("kernel").get(null);
                case "jjava":
                    try {
                        return Class.forName("org.dflib.jjava.jupyter.kernel.BaseKernel", true, loader)
                                .getMethod("notebookKernel").invoke(null);
                    } catch (ReflectiveOperationException e) {
                        return Class.forName("org.dflib.jjava.JJava", true, loader)
                                .getMethod("getKernelInstance").invoke(null);
                    }
                case "ijava":
                    return Class.forName("io.github.spencerpark.ijava.IJava", true, loader)
                            .getMethod("getKernelInstance").invoke(null);
                default:
                    return null;
            }
        }
    }

    private NotebookDisplay() {
    }
}
