package djlab.cli;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport.CliResult;
import djlab.TestSupport.Csv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of a sweep that diverges or fails is recorded and the sweep goes on; the exit code says so. {@code --smoke}
 * runs each variant once on a slice, into a folder of its own that it removes.
 */
class SweepFailureTests {

    static final String BASE = """
            name: %s
            seed: 1
            data: {validation: 0, limit: {train: 300, test: 200}}
            model: {type: mlp, hidden: [16]}
            train:
              epochs: 1
              batch_size: 50
              optimizer: {type: sgd, lr: 0.1}
              log_every: 1
            """;

    static final String WITH_A_DIVERGING_VARIANT = BASE.formatted("fails") + """
            sweep:
              variants:
                - {label: ok}
                - {label: boom, train.optimizer.lr: 1e10}
                - {label: narrow, model.hidden: [8]}
            """;

    @TempDir
    Path dir;

    @Test
    void aDivergingRunIsRecordedAndTheOthersComplete() {
        Path spec = write(dir, "fails.yaml", WITH_A_DIVERGING_VARIANT);
        Path results = dir.resolve("results");

        CliResult r = djlab(withLocations(results, "sweep", spec.toString()));

        assertEquals(Main.FAILED, r.exitCode(), r::toString);
        assertTrue(r.out().contains("fails: 2 completed, 0 skipped (done before), 1 failed"), r::toString);
        Csv csv = readCsv(results.resolve("fails").resolve("summary.csv"));
        assertEquals(List.of("ok", "boom", "narrow"), csv.column("label"));
        assertEquals(List.of("completed", "diverged", "completed"), csv.column("status"));
        assertEquals("", csv.column("error").get(0));
        // NaN, or (caught sooner) a loss over a million times its first batch's.
        assertTrue(csv.column("error").get(1).matches("the training loss (became|reached) .*"), csv.column("error").get(1));
        assertEquals("", csv.column("error").get(2));

        JsonNode boom = readJson(results.resolve("fails").resolve(csv.column("run_id").get(1)).resolve("summary.json"));
        assertEquals("diverged", boom.path("status").asText());
        assertEquals(csv.column("error").get(1), boom.path("error").asText());
        assertTrue(r.err().contains("boom: diverged: the training loss "), r::toString);
    }

    @Test
    void statusCountsTheFailedRunAndListsIt() {
        Path spec = write(dir, "fails.yaml", WITH_A_DIVERGING_VARIANT);
        Path results = dir.resolve("results");
        CliResult swept = djlab(withLocations(results, "sweep", spec.toString(), "--only", "boom"));
        assertEquals(Main.FAILED, swept.exitCode(), swept::toString);

        CliResult status = djlab("status", results.resolve("fails").toString());

        assertEquals(0, status.exitCode(), status::toString);
        List<String> lines = status.out().lines().toList();
        assertEquals("fails: 3 runs: 0 done 1 failed 0 running 0 interrupted 2 pending", lines.get(0));
        assertEquals(2, lines.size(), status::toString);
        assertTrue(lines.get(1).trim().matches("failed\\s+boom\\s+[0-9a-f]{12}"), lines.get(1));
    }

    @Test
    void aFailedRunIsTrainedAgainWhenTheSweepIsRunAgain() {
        Path spec = write(dir, "fails.yaml", WITH_A_DIVERGING_VARIANT);
        Path results = dir.resolve("results");
        djlab(withLocations(results, "sweep", spec.toString(), "--only", "boom"));

        CliResult again = djlab(withLocations(results, "sweep", spec.toString()));

        assertEquals(Main.FAILED, again.exitCode(), again::toString);
        assertTrue(again.out().contains("fails: 2 completed, 0 skipped (done before), 1 failed"), again::toString);
        assertEquals(3, readCsv(results.resolve("fails").resolve("summary.csv")).rows().size());
    }

    @Test
    void summaryCsvColumnNamesAreUniqueWithVariants() {
        Path spec = write(dir, "fails.yaml", WITH_A_DIVERGING_VARIANT);
        Path results = dir.resolve("results");
        djlab(withLocations(results, "sweep", spec.toString(), "--only", "narrow"));

        List<String> header = readCsv(results.resolve("fails").resolve("summary.csv")).header();
        assertEquals(header.size(), new HashSet<>(header).size(), header::toString);
    }

    @Test
    void twoLabelsForTheSameExperimentAreRejectedOrRecordedOnce() {
        Path spec = write(dir, "same.yaml", BASE.formatted("same") + """
                sweep:
                  variants:
                    - {label: plain}
                    - {label: also-plain, train.optimizer.lr: 0.1}
                """);
        Path results = dir.resolve("results");

        CliResult r = djlab(withLocations(results, "sweep", spec.toString()));

        if (r.exitCode() == Main.BAD_INPUT) {
            assertTrue(r.err().contains("plain") && r.err().contains("also-plain"), r::toString);
        } else {
            assertEquals(0, r.exitCode(), r::toString);
            List<String> ids = readCsv(results.resolve("same").resolve("summary.csv")).column("run_id");
            assertEquals(ids.size(), new HashSet<>(ids).size(), "one row per run: " + ids);
        }
    }

    // ---- --smoke ---------------------------------------------------------------------------------------------------

    @Test
    void smokeRunsEachVariantOnceIntoAThrowAwayFolder() throws IOException {
        Path spec = write(dir, "smoke.yaml", BASE.formatted("smoke").replace("train: 300, test: 200", "train: 5000, test: 2000") + """
                sweep:
                  variants:
                    - {label: narrow, model.hidden: [8]}
                    - {label: adam, train.optimizer: {type: adam, lr: 0.001}}
                  seeds: [1, 2, 3]
                """);
        Path results = dir.resolve("results");
        Path cwdResults = Path.of("results", "smoke");
        boolean cwdHadIt = Files.exists(cwdResults);

        CliResult r = djlab(withLocations(results, "sweep", spec.toString(), "--smoke"));

        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("smoke: 2 completed, 0 skipped (done before), 0 failed"), r::toString);
        List<String> headers = r.err().lines().filter(l -> l.startsWith("[run ")).toList();
        assertEquals(2, headers.size(), r::toString);
        assertTrue(headers.get(0).startsWith("[run 1/2] narrow,seed=1 "), headers.toString());
        assertTrue(headers.get(1).startsWith("[run 2/2] adam,seed=1 "), headers.toString());
        assertFalse(Files.exists(results), "nothing is left under --results");
        assertEquals(cwdHadIt, Files.exists(cwdResults), "nor under ./results");
        String table = r.out().substring(r.out().indexOf("table: ") + "table: ".length()).lines().findFirst().orElseThrow();
        Path thrownAway = Path.of(table).getParent().getParent();
        assertTrue(thrownAway.getFileName().toString().startsWith("djlab-smoke"), table);
        assertFalse(Files.exists(thrownAway), "the throw-away folder is removed: " + thrownAway);
    }

    @Test
    void smokeFailsWhenAVariantFails() {
        Path spec = write(dir, "fails.yaml", WITH_A_DIVERGING_VARIANT);
        Path results = dir.resolve("results");

        CliResult r = djlab(withLocations(results, "sweep", spec.toString(), "--smoke"));

        assertEquals(Main.FAILED, r.exitCode(), r::toString);
        assertTrue(r.out().contains("fails: 2 completed, 0 skipped (done before), 1 failed"), r::toString);
        assertFalse(Files.exists(results), "nothing is left under --results");
    }

    @Test
    void smokeWithAShardStillRunsOneRunPerVariant() {
        Path spec = write(dir, "smoke.yaml", BASE.formatted("smoke") + """
                sweep:
                  variants:
                    - {label: narrow, model.hidden: [8]}
                    - {label: wide, model.hidden: [32]}
                  seeds: [1, 2, 3]
                """);

        CliResult r = djlab(withLocations(dir.resolve("results"), "sweep", spec.toString(), "--smoke", "--dry-run", "--shard", "0/1"));

        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("2 runs planned in "), r::toString);
    }

    @Test
    void smokeOfASweepWithAnInvalidVariantIsBadInput() {
        Path spec = write(dir, "bad.yaml", BASE.formatted("bad") + """
                sweep:
                  variants:
                    - {label: ok}
                    - {label: nodrop, model.dropout: 1.5}
                """);

        CliResult r = djlab(withLocations(dir.resolve("results"), "sweep", spec.toString(), "--smoke"));

        assertEquals(Main.BAD_INPUT, r.exitCode(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().contains("run 2 (nodrop): model.dropout: "), r::toString);
    }

    @Test
    void aSweepWhoseSeventeenthRunIsInvalidTrainsNothingAndExits2() {
        Path spec = write(dir, "seventeen.yaml", BASE.formatted("seventeen") + """
                sweep:
                  grid:
                    model.dropout: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.5]
                  seeds: [1, 2]
                """);
        Path results = dir.resolve("results");

        for (String mode : List.of("--dry-run", "--parallel=1")) {
            CliResult r = djlab(withLocations(results, "sweep", spec.toString(), mode));

            assertEquals(Main.BAD_INPUT, r.exitCode(), r::toString);
            assertEquals(1, r.err().lines().count(), r::toString);
            assertEquals("error: " + spec + ": run 17 (dropout=1.5,seed=1): model.dropout: expected a number in [0, 1), got 1.5",
                    r.err().strip());
            assertFalse(Files.exists(results), "nothing trained");
        }
    }
}
