package org.gerenb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resident memory of this process from /proc/self/status (Linux): the JVM heap and the native tensors
 * together, which is what a training run costs the machine. NaN where /proc is missing.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final Path SMAPS = Path.of("/proc/self/smaps");
    private static final Pattern MAPPING = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ");

    private ProcessMemory() {
    }

    /** Current resident set (VmRSS), MB. */
    public static double rssMb() {
        return field("VmRSS:");
    }

    /** Peak resident set (VmHWM) since start or since the last {@link #resetPeak()}, MB. */
    public static double peakRssMb() {
        return field("VmHWM:");
    }

    /** Restarts the peak count at the current RSS ("5" to clear_refs, Linux 4.0+); false where refused. */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The part of RSS inside the Java heap's reserved address range (found in /proc/self/smaps as the run of
     * adjacent mappings spanning exactly the maximum heap size), MB; NaN where it cannot be told. RSS grows
     * while the JVM touches heap pages for the first time, which is not a native-memory leak.
     */
    public static double javaHeapRssMb() {
        long max = Runtime.getRuntime().maxMemory();
        try {
            List<long[]> maps = new ArrayList<>(); // start, end, rss KiB
            for (String line : Files.readAllLines(SMAPS)) {
                Matcher header = MAPPING.matcher(line);
                if (header.find()) {
                    maps.add(new long[] {Long.parseUnsignedLong(header.group(1), 16),
                        Long.parseUnsignedLong(header.group(2), 16), 0});
                } else if (line.startsWith("Rss:") && !maps.isEmpty()) {
                    maps.get(maps.size() - 1)[2] = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
            for (int first = 0; first < maps.size(); first++) {
                long rss = 0;
                for (int i = first; i < maps.size() && (i == first || maps.get(i)[0] == maps.get(i - 1)[1]); i++) {
                    rss += maps.get(i)[2];
                    long span = maps.get(i)[1] - maps.get(first)[0];
                    if (span == max) {
                        return rss / 1024.0;
                    } else if (span > max) {
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    String kib = line.substring(name.length()).trim().split("\\s+")[0];
                    return Long.parseLong(kib) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
