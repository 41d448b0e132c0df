package org.gerenb.report;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.UUID;
import org.gerenb.runtime.Progress;

/**
 * Progress bars drawn into one notebook output that every redraw replaces (a Jupyter display id), so a run
 * leaves one line that moves instead of a stream of printed bars. If the kernel refuses an update, the
 * bars go on as printed lines and the reason is said once.
 */
final class NotebookProgress implements Progress.Display {

    private final NotebookKernel kernel;
    private final String displayId = "gere-progress-" + UUID.randomUUID();
    private boolean shown;
    private boolean failed;

    NotebookProgress(NotebookKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public void draw(String line) {
        if (failed) {
            System.err.println(line);
            return;
        }
        try {
            Object data = kernel.displayData(line, Map.of());
            if (shown) {
                kernel.updateDisplay(data, displayId);
            } else {
                kernel.display(data, displayId);
                shown = true;
            }
        } catch (ReflectiveOperationException | RuntimeException refused) {
            failed = true;
            Throwable cause = refused instanceof InvocationTargetException thrown ? thrown.getCause() : refused;
            System.err.println("progress cannot update a display in the " + kernel.name() + " kernel (" + cause
                    + "); printing lines instead");
            System.err.println(line);
        }
    }
}
