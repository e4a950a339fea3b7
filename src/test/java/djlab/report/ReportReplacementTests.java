package djlab.report;

import static djlab.TestSupport.startDjlab;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import djlab.results.ReportFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report that is killed (a real child JVM, SIGKILL) or fails to write (a full disk) leaves the previous report
 * whole, and the next report leaves no staging folder behind.
 */
class ReportReplacementTests {

    private static final Pattern PICTURE = Pattern.compile("\\]\\(report/([^)]+)\\)");
    private static final byte[] PNG_END = {0x49, 0x45, 0x4e, 0x44, (byte) 0xae, 0x42, 0x60, (byte) 0x82};

    @TempDir
    Path root;

    private Path sweep;
    private Map<String, byte[]> previous;

    @BeforeEach
    void sweepWithAReport() throws IOException {
        sweep = root.resolve("fixture-sweep");
        for (double lr : new double[] {0.01, 0.1}) {
            for (boolean bn : new boolean[] {false, true}) {
                for (int seed = 1; seed <= 3; seed++) {
                    Fixture.write(sweep, Fixture.Run.completed("batchnorm=" + bn + ",lr=" + lr,
                            Map.of("model.batchnorm", bn, "train.optimizer.lr", lr), seed, 0.9 + seed * 0.003));
                }
            }
        }
        Reports.write(sweep, null);
        previous = reportFiles(sweep);
        assertTrue(previous.keySet().stream().filter(f -> f.endsWith(".png")).count() > 20, previous.keySet()::toString);
    }

    @Test
    void aFailedWriteLeavesThePreviousReportAndNoStagingFolder() throws IOException {
        Content content = Content.build("again", List.of(sweep), Results.variants(Results.runsUnder(sweep), null), null);
        int writes = (int) content.allFigures().stream().filter(Figure::present).count() + 2;
        for (int failAt : new int[] {1, writes / 2, writes - 1, writes}) {
            AtomicInteger count = new AtomicInteger();
            ReportFolder.Output fullDisk = (file, bytes) -> {
                if (count.incrementAndGet() == failAt) {
                    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
                    throw new IOException(file + ": No space left on device");
                }
                Files.write(file, bytes);
            };
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Reports.save(content, sweep, fullDisk));
            assertTrue(e.getMessage().contains("No space left"), e.getMessage());
            assertSame(previous, reportFiles(sweep), "after a failure at write " + failAt);
            assertEquals(List.of(), staging(sweep));
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aKilledReportLeavesThePreviousReportWhole() throws Exception {
        // First killed at the first change it makes in the folder (where writing begins), then at random moments
        // around it: each time the folder holds the previous report or a complete new one, never a part of either.
        long firstChange = killAtFirstChange();
        assertSame(previous, reportFiles(sweep), "killed as it began to write");
        Random random = new Random(7);
        for (int attempt = 0; attempt < 3; attempt++) {
            long delay = (long) (firstChange * (0.8 + 0.5 * random.nextDouble()));
            Process child = startReport(attempt);
            boolean ended = child.waitFor(delay, TimeUnit.MILLISECONDS);
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
            assertWhole(reportFiles(sweep), "killed after " + delay + " ms" + (ended ? " (it had finished)" : ""));
        }

        Reports.write(sweep, null);

        assertEquals(List.of(), staging(sweep), "the next report clears what killed ones left");
        assertWhole(reportFiles(sweep), "the next report");
    }

    /** Starts a report in a child JVM and kills it the moment the folder changes; returns how long that took. */
    private long killAtFirstChange() throws Exception {
        List<String> before = listing(sweep);
        long start = System.nanoTime();
        Process child = startReport(-1);
        try {
            long deadline = start + TimeUnit.MINUTES.toNanos(3);
            while (listing(sweep).equals(before)) {
                if (!child.isAlive()) fail("the report ended without writing anything: " + Files.readString(log(-1)));
                if (System.nanoTime() > deadline) fail("the report wrote nothing in three minutes");
                Thread.sleep(1);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertNotEquals(0, child.exitValue(), "killed, not finished");
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private Process startReport(int attempt) throws IOException {
        return startDjlab(log(attempt), List.of(), "report", sweep.toString());
    }

    private Path log(int attempt) {
        return root.resolve("child-" + attempt + ".log");
    }

    /** Names, sizes and times of the sweep folder's entries and of the pictures' folder's. */
    private static List<String> listing(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path d : List.of(dir, dir.resolve(Reports.PICTURES))) {
            if (!Files.isDirectory(d)) {
                out.add(d + " absent");
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.sorted().toList()) {
                    try {
                        out.add(f + " " + Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis());
                    } catch (java.nio.file.NoSuchFileException e) {
                        out.add(f + " vanished");
                    }
                }
            }
        }
        return out;
    }

    /** report.html, report.md and the pictures, by path relative to the folder. */
    private static Map<String, byte[]> reportFiles(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : List.of(Reports.HTML, Reports.MARKDOWN)) {
            Path f = dir.resolve(name);
            if (Files.exists(f)) files.put(name, Files.readAllBytes(f));
        }
        Path pictures = dir.resolve(Reports.PICTURES);
        if (Files.isDirectory(pictures)) {
            try (Stream<Path> list = Files.list(pictures)) {
                for (Path f : list.toList()) files.put(Reports.PICTURES + "/" + f.getFileName(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    private static List<String> staging(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".report")).toList();
        }
    }

    private static void assertSame(Map<String, byte[]> expected, Map<String, byte[]> actual, String when) {
        java.util.Set<String> missing = new java.util.TreeSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        java.util.Set<String> extra = new java.util.TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        assertTrue(missing.isEmpty() && extra.isEmpty(), when + ": missing " + missing + ", new " + extra);
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), when + ": " + name));
    }

    /** A complete report: the page ends, and every picture report.md shows is there and a whole PNG. */
    private static void assertWhole(Map<String, byte[]> files, String when) {
        String html = new String(files.getOrDefault(Reports.HTML, new byte[0]), StandardCharsets.UTF_8);
        assertTrue(html.endsWith("</html>\n"), when + ": report.html is cut off (" + html.length() + " chars)");
        String md = new String(files.getOrDefault(Reports.MARKDOWN, new byte[0]), StandardCharsets.UTF_8);
        assertTrue(md.contains("## Environment"), when + ": report.md is cut off");
        Matcher m = PICTURE.matcher(md);
        int pictures = 0;
        while (m.find()) {
            byte[] png = files.get(Reports.PICTURES + "/" + m.group(1));
            assertTrue(png != null, when + ": report.md shows " + m.group(1) + ", which is missing");
            assertArrayEquals(PNG_END, Arrays.copyOfRange(png, png.length - PNG_END.length, png.length),
                    when + ": " + m.group(1) + " is cut off");
            pictures++;
        }
        assertTrue(pictures > 20, when + ": " + pictures + " pictures");
        assertFalse(html.isEmpty());
    }
}
