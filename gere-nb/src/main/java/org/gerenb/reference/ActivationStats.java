package org.gerenb.reference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.gerenb.data.DataFormatException;
import org.gerenb.data.ReplaySet;
import org.gerenb.model.LlamaModel;

/**
 * Per hidden dimension d of the base model's final hidden state, over every token of every replay sample
 * (a sample of one token included, as in the official GeRe code): mean mu_d, population std sigma_d and the
 * TM thresholds neg_d = mu_d - k sigma_d, pos_d = mu_d + k sigma_d.
 */
public final class ActivationStats {

    static final List<String> CSV_HEADER = List.of("dim", "mean", "std", "neg", "pos");
    /** Thresholds read from a CSV must agree with mean -/+ k std up to rounding of the printed doubles. */
    private static final double THRESHOLD_TOLERANCE = 1e-9;

    private final double[] mean;
    private final double[] std;
    private final double[] neg;
    private final double[] pos;
    private final double k;
    private final long tokenCount;

    private ActivationStats(double[] mean, double[] std, double k, long tokenCount) {
        requirePositive(k);
        this.mean = mean;
        this.std = std;
        this.k = k;
        this.tokenCount = tokenCount;
        this.neg = new double[mean.length];
        this.pos = new double[mean.length];
        for (int d = 0; d < mean.length; d++) {
            neg[d] = mean[d] - k * std[d];
            pos[d] = mean[d] + k * std[d];
        }
    }

    /** The reference pass: the base model over all replay samples, padding excluded. */
    public static ActivationStats compute(LlamaModel base, ReplaySet replay, double k, int batchSize) {
        requirePositive(k);
        Moments moments = new Moments(base.config().hiddenSize());
        ReferencePass.run("reference statistics", base, replay, batchSize,
                (samples, batch, hidden) -> moments.add(hidden, batch.maskArray(hidden.getManager())));
        return moments.toStats(k);
    }

    /**
     * Sums of x and x^2 in double precision: over a million tokens, float32 sums lose the digits that
     * E[x^2] - mean^2 depends on.
     */
    private static final class Moments {
        private final double[] sum;
        private final double[] squares;
        private long count;

        Moments(int hiddenSize) {
            sum = new double[hiddenSize];
            squares = new double[hiddenSize];
        }

        void add(NDArray hidden, NDArray mask) {
            NDArray keep = mask.toType(DataType.FLOAT64, false).expandDims(-1);
            NDArray x = hidden.toType(DataType.FLOAT64, false).mul(keep);
            addInto(sum, x.sum(new int[] {0, 1}).toDoubleArray());
            addInto(squares, x.square().sum(new int[] {0, 1}).toDoubleArray());
            count += mask.sum().getLong();
        }

        ActivationStats toStats(double k) {
            if (count == 0) {
                throw new IllegalArgumentException("the replay set holds no tokens");
            }
            double[] mean = new double[sum.length];
            double[] std = new double[sum.length];
            for (int d = 0; d < sum.length; d++) {
                mean[d] = sum[d] / count;
                // rounding can push E[x^2] - mean^2 a hair below zero for a constant dimension
                std[d] = Math.sqrt(Math.max(0, squares[d] / count - mean[d] * mean[d]));
            }
            return new ActivationStats(mean, std, k, count);
        }

        private static void addInto(double[] total, double[] batch) {
            for (int d = 0; d < total.length; d++) {
                total[d] += batch[d];
            }
        }
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    public double[] neg() {
        return neg.clone();
    }

    public double[] pos() {
        return pos.clone();
    }

    public double k() {
        return k;
    }

    /** Tokens the statistics were computed over; 0 when read from a CSV, which does not record it. */
    public long tokenCount() {
        return tokenCount;
    }

    public int hiddenSize() {
        return mean.length;
    }

    /** neg_d as float32 [D] on the manager's device. */
    public NDArray negArray(NDManager manager) {
        return floatArray(neg, manager);
    }

    /** pos_d as float32 [D] on the manager's device. */
    public NDArray posArray(NDManager manager) {
        return floatArray(pos, manager);
    }

    private static NDArray floatArray(double[] values, NDManager manager) {
        float[] narrowed = new float[values.length];
        for (int d = 0; d < values.length; d++) {
            narrowed[d] = (float) values[d];
        }
        return manager.create(narrowed);
    }

    public void writeCsv(Path file) {
        try (Writer writer = Files.newBufferedWriter(file);
             CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                     .setHeader(CSV_HEADER.toArray(String[]::new)).get())) {
            for (int d = 0; d < mean.length; d++) {
                csv.printRecord(d, mean[d], std[d], neg[d], pos[d]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads statistics written for this k; thresholds written for another k are rejected. */
    public static ActivationStats readCsv(Path file, double k) {
        return readCsv(file, k, 0);
    }

    static ActivationStats readCsv(Path file, double k, long tokenCount) {
        requirePositive(k);
        CsvColumns columns = CsvColumns.read(file);
        ActivationStats stats = new ActivationStats(columns.mean, columns.std, k, tokenCount);
        columns.requireThresholds(file, stats);
        return stats;
    }

    private record CsvColumns(double[] mean, double[] std, double[] neg, double[] pos) {

        static CsvColumns read(Path file) {
            try (Reader reader = Files.newBufferedReader(file);
                 CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                         .parse(reader)) {
                if (!parser.getHeaderNames().equals(CSV_HEADER)) {
                    throw new DataFormatException(file, 1, "header " + parser.getHeaderNames() + ", expected "
                            + CSV_HEADER);
                }
                List<CSVRecord> rows = parser.getRecords();
                if (rows.isEmpty()) {
                    throw new DataFormatException(file, "no rows: expected one per hidden dimension");
                }
                CsvColumns columns = new CsvColumns(new double[rows.size()], new double[rows.size()],
                        new double[rows.size()], new double[rows.size()]);
                for (int d = 0; d < rows.size(); d++) {
                    columns.set(file, d, rows.get(d));
                }
                return columns;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        private void set(Path file, int d, CSVRecord row) {
            int line = d + 2;
            if (row.size() != CSV_HEADER.size() || parse(file, line, row.get("dim")) != d) {
                throw new DataFormatException(file, line, "expected 5 fields for dim " + d + ", got " + row.toList());
            }
            mean[d] = parse(file, line, row.get("mean"));
            std[d] = parse(file, line, row.get("std"));
            neg[d] = parse(file, line, row.get("neg"));
            pos[d] = parse(file, line, row.get("pos"));
            if (!(std[d] >= 0)) {
                throw new DataFormatException(file, line, "std must be >= 0, got " + std[d]);
            }
        }

        private static double parse(Path file, int line, String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new DataFormatException(file, line, "'" + value + "' is not a number");
            }
        }

        void requireThresholds(Path file, ActivationStats stats) {
            for (int d = 0; d < neg.length; d++) {
                if (!close(neg[d], stats.neg[d]) || !close(pos[d], stats.pos[d])) {
                    throw new DataFormatException(file, d + 2, "thresholds neg " + neg[d] + ", pos " + pos[d]
                            + " do not equal mean -/+ " + stats.k + " * std: written for another k?");
                }
            }
        }

        private static boolean close(double a, double b) {
            return Math.abs(a - b) <= THRESHOLD_TOLERANCE * Math.max(1, Math.abs(b));
        }
    }

    private static void requirePositive(double k) {
        if (!(k > 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("threshold multiplier k must be a positive number, got " + k);
        }
    }
}
