package djlab.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The report files of a run, sweep or comparison folder: {@code report.html}, {@code report.md} and the pictures'
 * folder. A new report is written whole into a staging folder beside the old one and then renamed into place, as the
 * run files are, so a report that is killed or fails (a full disk) leaves the previous report as it was. A staging
 * folder left by a killed report is cleared (and the previous pictures put back, if it was killed between the two
 * renames of the pictures' folder) by the next report.
 */
public final class ReportFolder {

    /** Where the bytes go: files by default; tests put a failing one in to stand for a full disk. */
    @FunctionalInterface
    public interface Output {
        void write(Path file, byte[] bytes) throws IOException;
    }

    public static final Output FILES = Files::write;
    static final String STAGING = ".report-new-";
    static final String PREVIOUS_PICTURES = "previous-pictures";

    private final Path dir;
    private final Output output;

    public ReportFolder(Path dir, Output output) {
        this.dir = dir;
        this.output = output;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Replaces the report.
     *
     * @param files the top-level files by name (report.html, report.md), renamed into place in this order
     * @param pictures the pictures' folder's name
     * @param images the pictures by file name
     */
    public void replace(Map<String, byte[]> files, String pictures, Map<String, byte[]> images) throws IOException {
        Files.createDirectories(dir);
        clearLeftovers(pictures);
        Path staging = Files.createTempDirectory(dir, STAGING + ProcessHandle.current().pid() + "-");
        try {
            Path newPictures = Files.createDirectory(staging.resolve(pictures));
            for (Map.Entry<String, byte[]> image : images.entrySet()) {
                output.write(newPictures.resolve(image.getKey()), image.getValue());
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                output.write(staging.resolve(file.getKey()), file.getValue());
            }
            // Everything is written: only renames from here on. The old pictures go into the staging folder (put
            // back by the next report should this one die before the new ones are in place), then are deleted with it.
            Path current = dir.resolve(pictures);
            if (Files.isDirectory(current)) Files.move(current, staging.resolve(PREVIOUS_PICTURES), StandardCopyOption.ATOMIC_MOVE);
            Files.move(newPictures, current, StandardCopyOption.ATOMIC_MOVE);
            for (String name : files.keySet()) {
                Files.move(staging.resolve(name), dir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                deleteTree(staging);
            } catch (IOException e) {
                // Left for the next report to clear; the report itself is in place (or the earlier one still is).
            }
        }
    }

    /** Staging folders of reports that are no longer running (killed), with their pictures put back if need be. */
    private void clearLeftovers(String pictures) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> children = Files.list(dir)) {
            leftovers = children.filter(p -> p.getFileName().toString().startsWith(STAGING) && Files.isDirectory(p))
                    .toList();
        }
        for (Path staging : leftovers) {
            if (writerAlive(staging.getFileName().toString())) continue;
            Path previous = staging.resolve(PREVIOUS_PICTURES);
            Path current = dir.resolve(pictures);
            if (!Files.exists(current) && Files.isDirectory(previous)) Files.move(previous, current, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(staging);
        }
    }

    /** Whether the process that made a staging folder (its pid is in the name) still runs: another report at work. */
    private static boolean writerAlive(String stagingName) {
        String rest = stagingName.substring(STAGING.length());
        int dash = rest.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException gone) {
                    // Already removed: what matters is that it is gone.
                }
            }
        }
    }
}
