package org.gerenb.report;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.UUID;
import org.gerenb.runtime.Progress;

/**
 * Progress bars drawn into one notebook output that every redraw replaces (a Jupyter display id), so a run
 * leaves one line that moves instead of a stream of printed bars. If the kernel refuses an update, the reason
 * is said once and the bars go back to printed lines.
 */
final class NotebookProgress implements Progress.Display {

    private final NotebookKernel kernel;
    private final String displayId = "gere-progress-" + UUID.randomUUID();
    private boolean shown;

    NotebookProgress(NotebookKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public boolean draw(String line) {
        try {
            Object data = kernel.displayData(line, Map.of());
            if (shown) {
                kernel.updateDisplay(data, displayId);
            } else {
                kernel.display(data, displayId);
                shown = true;
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException refused) {
            Throwable cause = refused instanceof InvocationTargetException thrown ? thrown.getCause() : refused;
            System.err.println("progress cannot update a display in the " + kernel.name() + " kernel (" + cause
                    + "); printing lines instead");
            return false;
        }
    }
}
