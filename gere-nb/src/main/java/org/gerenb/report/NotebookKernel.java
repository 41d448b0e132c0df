package org.gerenb.report;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * The Java kernel this JVM runs in, found by reflection so that no kernel is a compile-time dependency:
 * each kernel shows an instance of its own {@code DisplayData} class as rich output, and only that kernel's
 * class will do. The library is loaded by JShell below the kernel's class loader, so the kernel's classes
 * are visible from here by name.
 */
final class NotebookKernel {

    /** What each supported kernel calls its display data class and how its running kernel is reached. */
    private enum Flavour {
        RAPAIO("rapaio", "org.rapaio.jupyter.kernel.display.DisplayData"),
        JJAVA("jjava", "org.dflib.jjava.jupyter.kernel.display.DisplayData"),
        IJAVA("ijava", "io.github.spencerpark.jupyter.kernel.display.DisplayData");

        final String label;
        final String displayDataClass;

        Flavour(String label, String displayDataClass) {
            this.label = label;
            this.displayDataClass = displayDataClass;
        }
    }

    private static final NotebookKernel NONE = new NotebookKernel(null, null);
    private static volatile NotebookKernel current;

    private final Flavour flavour;
    private final Class<?> displayData;

    private NotebookKernel(Flavour flavour, Class<?> displayData) {
        this.flavour = flavour;
        this.displayData = displayData;
    }

    /** The kernel hosting this JVM, detected once. */
    static NotebookKernel current() {
        NotebookKernel kernel = current;
        if (kernel == null) {
            kernel = detect();
            current = kernel;
        }
        return kernel;
    }

    /** Detects the kernel again on next use: for tests that stand up one kernel after another. */
    static void forget() {
        current = null;
    }

    private static NotebookKernel detect() {
        for (Flavour flavour : Flavour.values()) {
            Class<?> displayData = findClass(flavour.displayDataClass);
            if (displayData != null) {
                return new NotebookKernel(flavour, displayData);
            }
        }
        return NONE;
    }

    // The context loader is JShell's in a kernel; the others cover code started outside JShell. A null
    // loader means the bootstrap loader, which holds no kernel and simply answers not found.
    private static Class<?> findClass(String name) {
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), NotebookKernel.class.getClassLoader(),
            ClassLoader.getSystemClassLoader()};
        for (ClassLoader loader : loaders) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError notThere) {
                // try the next loader
            }
        }
        return null;
    }

    String name() {
        return flavour == null ? "none" : flavour.label;
    }

    boolean present() {
        return displayData != null;
    }

    boolean isDisplayData(Object value) {
        return present() && displayData.isInstance(value);
    }

    /** The kernel's DisplayData holding the plain text and the other MIME entries. */
    Object displayData(String plainText, Map<String, Object> mimeData) throws ReflectiveOperationException {
        Object data = flavour == Flavour.RAPAIO
                ? displayData.getMethod("fromText", String.class).invoke(null, plainText)
                : displayData.getConstructor(String.class).newInstance(plainText);
        Method put = displayData.getMethod("putData", String.class, Object.class);
        for (Map.Entry<String, Object> entry : mimeData.entrySet()) {
            put.invoke(data, entry.getKey(), entry.getValue());
        }
        return data;
    }

    /** Publishes a DisplayData as an output of the running cell. */
    void display(Object data) throws ReflectiveOperationException {
        Object kernel = runningKernel();
        kernel.getClass().getMethod("display", displayData).invoke(kernel, data);
    }

    /** Publishes a DisplayData as an output that {@link #updateDisplay} can later replace in place. */
    void display(Object data, String displayId) throws ReflectiveOperationException {
        displayData.getMethod("setDisplayId", String.class).invoke(data, displayId);
        display(data);
    }

    /** Replaces the output published under {@code displayId} (IJava and JJava update through their IO streams). */
    void updateDisplay(Object data, String displayId) throws ReflectiveOperationException {
        displayData.getMethod("setDisplayId", String.class).invoke(data, displayId);
        Object kernel = runningKernel();
        Object updater = flavour == Flavour.RAPAIO ? kernel : displayStream(kernel);
        updater.getClass().getMethod("updateDisplay", displayData).invoke(updater, data);
    }

    private static Object displayStream(Object kernel) throws ReflectiveOperationException {
        Object io = kernel.getClass().getMethod("getIO").invoke(kernel);
        return io.getClass().getField("display").get(io);
    }

    private Object runningKernel() throws ReflectiveOperationException {
        ClassLoader loader = displayData.getClassLoader();
        return switch (flavour) {
            case RAPAIO -> Class.forName("org.rapaio.jupyter.kernel.MainApp", true, loader).getField("kernel").get(null);
            case JJAVA -> jjavaKernel(loader);
            case IJAVA -> Class.forName("io.github.spencerpark.ijava.IJava", true, loader)
                    .getMethod("getKernelInstance").invoke(null);
        };
    }

    // JJava moved its kernel accessor between alphas; the older one lives on the JJava class.
    private static Object jjavaKernel(ClassLoader loader) throws ReflectiveOperationException {
        try {
            return Class.forName("org.dflib.jjava.jupyter.kernel.BaseKernel", true, loader)
                    .getMethod("notebookKernel").invoke(null);
        } catch (NoSuchMethodException | ClassNotFoundException older) {
            return Class.forName("org.dflib.jjava.JJava", true, loader).getMethod("getKernelInstance").invoke(null);
        }
    }
}
