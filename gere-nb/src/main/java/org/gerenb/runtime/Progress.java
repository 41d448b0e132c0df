package org.gerenb.runtime;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A progress bar for long work. In a terminal it redraws one line. In a notebook, while a {@link Display}
 * is installed ({@link #drawIn}), every bar redraws one output in place; without one (no console, no
 * display) it prints a line every ten percent, which every Java kernel streams into the cell's output.
 */
public final class Progress implements AutoCloseable {

    /** An output that each redraw replaces, such as a notebook display. */
    public interface Display {
        /** Replaces the output with {@code line}; false when it cannot, and bars go back to printed lines. */
        boolean draw(String line);
    }

    /** The span during which bars draw in a display; closing it goes back to the terminal or printed lines. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    // A notebook repaints a display at each update; a few per second are enough to watch a bar move.
    private static final long DISPLAY_INTERVAL_NANOS = 250_000_000L;
    private static final AtomicReference<Display> DISPLAY = new AtomicReference<>();

    private static final int WIDTH = 30;
    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean redraw;
    private final long startNanos = System.nanoTime();
    private long done;
    private int lastPercent = -1;
    private long lastDrawNanos;
    private String detail = "";

    public Progress(String label, long total) {
        this(label, total, System.err, System.console() != null);
    }

    Progress(String label, long total, PrintStream out, boolean redraw) {
        this.label = label;
        this.total = Math.max(1, total);
        this.out = out;
        this.redraw = redraw;
    }

    /** Draws every bar in {@code target} until the scope closes, so that a whole run keeps one output. */
    public static Scope drawIn(Display target) {
        // scopes do not nest: the latest wins, and closing one removes its display only if still installed,
        // so a scope closed late (another cell's run) cannot reinstate an output nobody sees
        DISPLAY.set(target);
        return () -> DISPLAY.compareAndSet(target, null);
    }

    /** Silences bars, e.g. in tests: GERE_QUIET=1. */
    public static boolean quiet() {
        return System.getenv("GERE_QUIET") != null;
    }

    public void step(long amount, String newDetail) {
        done = Math.min(total, done + amount);
        detail = newDetail == null ? "" : newDetail;
        int percent = (int) (100 * done / total);
        if (quiet()) {
            return;
        }
        Display target = DISPLAY.get();
        if (target != null) {
            long now = System.nanoTime();
            if (now - lastDrawNanos < DISPLAY_INTERVAL_NANOS && done < total) {
                return;
            }
            lastDrawNanos = now;
            if (target.draw(line(percent))) {
                return;
            }
            DISPLAY.compareAndSet(target, null);
        }
        boolean due = redraw ? percent != lastPercent || done == total : percent >= lastPercent + 10 || done == total;
        if (due) {
            lastPercent = percent;
            print(line(percent));
        }
    }

    public void step(String newDetail) {
        step(1, newDetail);
    }

    private String line(int percent) {
        int filled = WIDTH * percent / 100;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double eta = done == 0 ? 0 : seconds * (total - done) / done;
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %d/%d %s<%s %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), percent, done, total, clock(seconds), clock(eta), detail);
    }

    private void print(String line) {
        if (redraw) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public void close() {
        if (redraw && DISPLAY.get() == null && !quiet()) {
            out.println();
        }
    }
}
