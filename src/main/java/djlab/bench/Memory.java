package djlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process, from /proc (Linux): native memory (libtorch) included, unlike the JVM's figures. */
final class Memory {

    private Memory() {}

    /** Current resident set size in MiB, or -1 where /proc is not available. */
    static double rssMb() {
        return field("VmRSS:");
    }

    /** Peak resident set size in MiB since the process started. */
    static double peakRssMb() {
        return field("VmHWM:");
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
