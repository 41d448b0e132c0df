package org.gerenb.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar for long work. In a terminal it redraws one line; in a notebook (no console) it prints
 * a line every few percent, which every Java kernel streams into the cell's output.
 */
public final class Progress implements AutoCloseable {

    private static final int WIDTH = 30;
    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean redraw;
    private final long startNanos = System.nanoTime();
    private long done;
    private int lastPercent = -1;
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

    /** Silences bars, e.g. in tests: GERE_QUIET=1. */
    public static boolean quiet() {
        return System.getenv("GERE_QUIET") != null;
    }

    public void step(long amount, String newDetail) {
        done = Math.min(total, done + amount);
        detail = newDetail == null ? "" : newDetail;
        int percent = (int) (100 * done / total);
        boolean due = redraw ? percent != lastPercent || done == total : percent >= lastPercent + 10 || done == total;
        if (due && !quiet()) {
            lastPercent = percent;
            print(percent);
        }
    }

    public void step(String newDetail) {
        step(1, newDetail);
    }

    private void print(int percent) {
        int filled = WIDTH * percent / 100;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double eta = done == 0 ? 0 : seconds * (total - done) / done;
        String line = String.format(Locale.ROOT, "%s [%s%s] %3d%% %d/%d %s<%s %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), percent, done, total, clock(seconds), clock(eta), detail);
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
        if (redraw && !quiet()) {
            out.println();
        }
    }
}
