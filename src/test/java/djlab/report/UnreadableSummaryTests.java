package djlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.spec.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt and stub summaries are listed as unreadable and counted nowhere: no invented variant, no extra test row. */
class UnreadableSummaryTests {

    @TempDir
    Path root;

    @Test
    void corruptAndStubSummariesAreListedNotCounted() throws IOException {
        Path sweep = root.resolve("fixture-sweep");
        Path[][] dirs = new Path[2][4];
        for (int bn = 0; bn < 2; bn++) {
            for (int seed = 1; seed <= 3; seed++) {
                dirs[bn][seed] = Fixture.write(sweep, Fixture.Run.completed("batchnorm=" + (bn == 1),
                        Map.of("model.batchnorm", bn == 1), seed, (bn == 1 ? 0.95 : 0.92) + seed * 0.002));
            }
        }
        Path truncated = dirs[1][1].resolve("summary.json");
        Files.writeString(truncated, Files.readString(truncated).substring(0, 40));
        Files.writeString(dirs[1][2].resolve("summary.json"), "{\"status\": \"completed\"}");
        Files.writeString(dirs[0][3].resolve("summary.json"), "[1, 2]");

        Reports.Written written = Reports.write(sweep, null);

        List<RunResult> runs = Results.runsUnder(sweep);
        List<Variant> variants = Results.variants(runs, null);
        assertEquals(List.of("batchnorm=false", "batchnorm=true"), variants.stream().map(Variant::name).toList(),
                "no variant invented for the runs without a usable summary");
        assertEquals(List.of(2, 1), variants.stream().map(v -> v.completed().size()).toList(),
                "the stub summary does not count as a completed seed");
        assertEquals(1, Contrasts.of(variants).size(), "one batch-norm comparison, no duplicate row");
        assertEquals(3, written.runs());
        assertEquals(2, written.variants());
        for (Path dir : List.of(dirs[1][1], dirs[1][2], dirs[0][3])) {
            assertTrue(written.table().contains("unreadable, not counted: " + dir), written.table());
        }
        assertTrue(written.table().contains("says completed but records no final test accuracy"), written.table());
        String md = Files.readString(sweep.resolve("report.md"));
        assertTrue(md.contains("3 unreadable (counted nowhere)"), md.substring(0, 300));
        assertTrue(md.contains("- unreadable, counted nowhere: "), "listed in report.md");
        assertTrue(Files.readString(sweep.resolve("report.html")).contains("is not valid JSON"));
    }

    @Test
    void aFolderOfOnlyUnreadableRunsIsBadInput() throws IOException {
        Path run = Fixture.write(root.resolve("one"), Fixture.Run.completed("a", Map.of(), 1, 0.9));
        Files.writeString(run.resolve("summary.json"), "");
        BadInputException e = assertThrows(BadInputException.class, () -> Reports.write(run, null));
        assertTrue(e.getMessage().contains("no readable run"), e.getMessage());
    }
}
