package djlab.cli;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.djlab;
import static djlab.TestSupport.djlabKeepingThreads;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.withLocations;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport;
import djlab.TestSupport.CliResult;
import djlab.TestSupport.Csv;
import djlab.results.RunId;
import djlab.spec.SpecFiles;
import djlab.sweep.SweepPlan;
import djlab.train.RunPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code djlab sweep} and {@code djlab status} end to end, in this JVM, on real MNIST: a 2 x 2 x 2 sweep of tiny MLPs
 * (500 training, 100 validation, 300 test images, 2 epochs) run first with {@code --only} for half of it, then whole
 * (resuming), with {@code --dry-run} and {@code status} looked at in between.
 */
class SweepCommandTests {

    static final String SPEC = """
            name: bn
            seed: 1
            data: {validation: 100, limit: {train: 600, test: 300}}
            model: {type: mlp, hidden: [32]}
            train:
              epochs: 2
              batch_size: 100
              optimizer: {type: sgd, lr: 0.1, momentum: 0.9}
              log_every: 2
            sweep:
              grid:
                model.batchnorm: [true, false]
                train.optimizer.lr: [0.05, 0.1]
              seeds: [1, 2]
            """;

    @TempDir
    static Path dir;
    static Path spec;
    static Path results;
    static Path sweepDir;
    static SweepPlan plan;

    static CliResult dryRunBefore;
    static CliResult onlyRun;
    static List<String> foldersAfterOnly;
    static Csv csvAfterOnly;
    static CliResult statusAfterOnly;
    static CliResult dryRunAfterOnly;
    static List<String> foldersAfterDryRun;
    static Map<String, byte[]> summariesAfterOnly = new HashMap<>();
    static Map<String, FileTime> summaryTimesAfterOnly = new HashMap<>();
    static CliResult fullRun;
    static CliResult statusAfterAll;
    static CliResult verboseStatusAfterAll;

    @BeforeAll
    static void sweepHalfThenAll() throws IOException {
        spec = write(dir, "bn.yaml", SPEC);
        results = dir.resolve("results");
        sweepDir = results.resolve("bn");
        plan = SweepPlan.of(spec, List.of(), new RunPlan.Locations(results, dataRoot(), null));

        dryRunBefore = djlab(withLocations(results, "sweep", spec.toString(), "--dry-run"));
        assertFalse(Files.exists(results), "a dry run writes nothing");

        onlyRun = djlab(withLocations(results, "sweep", spec.toString(), "--only", "batchnorm=true*"));
        assertEquals(0, onlyRun.exitCode(), onlyRun::toString);
        foldersAfterOnly = runFolders();
        for (String id : foldersAfterOnly) {
            Path summary = sweepDir.resolve(id).resolve("summary.json");
            summariesAfterOnly.put(id, Files.readAllBytes(summary));
            summaryTimesAfterOnly.put(id, Files.getLastModifiedTime(summary));
        }
        csvAfterOnly = readCsv(sweepDir.resolve("summary.csv"));
        statusAfterOnly = djlab("status", sweepDir.toString());
        dryRunAfterOnly = djlab(withLocations(results, "sweep", spec.toString(), "--dry-run"));
        foldersAfterDryRun = runFolders();

        fullRun = djlab(withLocations(results, "sweep", spec.toString()));
        assertEquals(0, fullRun.exitCode(), fullRun::toString);
        statusAfterAll = djlab("status", sweepDir.toString());
        verboseStatusAfterAll = djlab("status", sweepDir.toString(), "-v");
    }

    static List<String> runFolders() {
        try (Stream<Path> dirs = Files.list(sweepDir)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> labels() {
        return plan.runs().stream().map(r -> r.label().label()).toList();
    }

    static String idOf(String label) {
        return plan.runs().stream().filter(r -> r.label().label().equals(label)).findFirst().orElseThrow().runId();
    }

    static List<String> ids(List<RunPlan> runs) {
        return runs.stream().map(RunPlan::runId).sorted().toList();
    }

    /** The lines of a dry run before its count line: label, run-id and state. */
    record Planned(String label, String runId, String state) {}

    static List<Planned> planned(CliResult dryRun) {
        List<String> lines = dryRun.out().lines().toList();
        List<Planned> runs = new ArrayList<>();
        for (String line : lines.subList(0, lines.size() - 1)) {
            String[] parts = line.trim().split("\\s+", 3);
            runs.add(new Planned(parts[0], parts[1], parts[2]));
        }
        return runs;
    }

    // ---- --only, dry run -------------------------------------------------------------------------------------------

    @Test
    void onlyTrainsTheRunsWhoseLabelMatches() {
        assertEquals(ids(SweepPlan.only(plan.runs(), "batchnorm=true*")), foldersAfterOnly);
        assertEquals(4, foldersAfterOnly.size());
        assertTrue(onlyRun.out().contains("bn: 4 completed, 0 skipped (done before), 0 failed"), onlyRun::toString);
    }

    @Test
    void aDryRunListsEveryRunWithItsIdAndStateAndTheCount() {
        List<Planned> before = planned(dryRunBefore);
        List<Planned> after = planned(dryRunAfterOnly);

        assertEquals(0, dryRunBefore.exitCode(), dryRunBefore::toString);
        assertEquals(labels(), before.stream().map(Planned::label).toList());
        assertEquals(plan.runs().stream().map(RunPlan::runId).toList(), before.stream().map(Planned::runId).toList());
        assertTrue(before.stream().allMatch(p -> p.state().equals("to run")), dryRunBefore::toString);
        assertEquals(dryRunBefore.out().lines().toList().get(8), "8 runs planned in " + sweepDir + " (0 done, 8 to run)");

        assertEquals(0, dryRunAfterOnly.exitCode(), dryRunAfterOnly::toString);
        assertEquals(labels(), after.stream().map(Planned::label).toList());
        for (Planned p : after) {
            assertEquals(p.label().startsWith("batchnorm=true") ? "done" : "to run", p.state(), p.toString());
        }
        assertTrue(dryRunAfterOnly.out().endsWith("8 runs planned in " + sweepDir + " (4 done, 4 to run)" + System.lineSeparator()),
                dryRunAfterOnly::toString);
    }

    @Test
    void aDryRunTrainsNothing() {
        assertEquals(foldersAfterOnly, foldersAfterDryRun);
        assertFalse(dryRunAfterOnly.err().contains("[run "), dryRunAfterOnly::toString);
    }

    @Test
    void aDryRunWithOnlyListsTheMatchingRuns() {
        CliResult dry = djlab(withLocations(results, "sweep", spec.toString(), "--dry-run", "--only", "*,lr=0.05,seed=2"));

        assertEquals(0, dry.exitCode(), dry::toString);
        assertEquals(List.of("batchnorm=true,lr=0.05,seed=2", "batchnorm=false,lr=0.05,seed=2"),
                planned(dry).stream().map(Planned::label).toList());
        assertTrue(dry.out().contains("2 runs planned in "), dry::toString);
    }

    // ---- resume ----------------------------------------------------------------------------------------------------

    @Test
    void runningTheWholeSweepAgainSkipsTheCompletedRunsAndLeavesThemUntouched() throws IOException {
        assertTrue(fullRun.out().contains("bn: 4 completed, 4 skipped (done before), 0 failed"), fullRun::toString);
        assertEquals(ids(plan.runs()), runFolders());
        for (String id : foldersAfterOnly) {
            Path summary = sweepDir.resolve(id).resolve("summary.json");
            assertEquals(new String(summariesAfterOnly.get(id)), Files.readString(summary), id);
            assertEquals(summaryTimesAfterOnly.get(id), Files.getLastModifiedTime(summary), id);
        }
    }

    @Test
    void everyRunFolderIsCompleteWithTheRunsLabel() {
        for (RunPlan run : plan.runs()) {
            Path folder = sweepDir.resolve(run.runId());
            JsonNode s = readJson(folder.resolve("summary.json"));
            assertAll(run.label().label(),
                    () -> assertEquals("completed", s.path("status").asText()),
                    () -> assertEquals(run.label().label(), s.path("label").asText()),
                    () -> assertEquals(run.label().variant(), s.path("variant").asText()),
                    () -> assertEquals(run.spec().seed(), s.path("seed").asLong()),
                    () -> assertEquals(List.of("1", "2"), readCsv(folder.resolve("epochs.csv")).column("epoch")),
                    () -> assertEquals(List.of("epochs.csv", "iterations.csv", "model-0002.params", "spec.yaml", "summary.json"),
                            TestSupport.filesUnder(folder)));
        }
    }

    @Test
    void aSweepRunIsTheFolderDjlabRunMakesForTheSameSpec() {
        // batchnorm=false,lr=0.1,seed=2 written as a single run
        Path single = write(dir, "single.yaml", SPEC.substring(0, SPEC.indexOf("sweep:"))
                .replace("seed: 1", "seed: 2")
                .replace("hidden: [32]}", "hidden: [32], batchnorm: false}"));
        String id = idOf("batchnorm=false,lr=0.1,seed=2");
        Path runDir = sweepDir.resolve(id);

        assertEquals(id, RunId.of(SpecFiles.load(single, List.of())));
        assertEquals(SpecFiles.load(single, List.of()), SpecFiles.load(runDir.resolve("spec.yaml"), List.of()));
        CliResult run = djlab(withLocations(results, "run", single.toString()));
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("already completed: " + runDir + " (use --force to train again)" + System.lineSeparator(), run.out());
    }

    // ---- summary.csv -----------------------------------------------------------------------------------------------

    @Test
    void summaryCsvHasItsColumnsWithEachSweptKeyAsItsOwn() {
        Csv csv = readCsv(sweepDir.resolve("summary.csv"));

        assertEquals(List.of("label", "variant", "run_id", "model.batchnorm", "train.optimizer.lr", "seed", "status",
                "final_validate_accuracy", "best_validate_accuracy", "final_validate_loss", "best_validate_loss",
                "final_test_accuracy", "best_test_accuracy", "final_test_loss", "best_test_loss", "convergence_iteration",
                "parameters", "wall_seconds", "images_per_second", "error"), csv.header());
    }

    @Test
    void summaryCsvListsTheRunsFinishedSoFar() {
        assertEquals(SweepPlan.only(plan.runs(), "batchnorm=true*").stream().map(r -> r.label().label()).toList(),
                csvAfterOnly.column("label"));
        assertEquals(csvAfterOnly.header(), readCsv(sweepDir.resolve("summary.csv")).header());
    }

    @Test
    void progressSaysWhichRunOfHowManyAndItsId() {
        List<String> headers = onlyRun.err().lines().filter(l -> l.startsWith("[run ")).toList();
        List<RunPlan> selected = SweepPlan.only(plan.runs(), "batchnorm=true*");

        assertEquals(4, headers.size(), onlyRun::toString);
        for (int k = 0; k < 4; k++) {
            String expected = "[run " + (k + 1) + "/4] " + selected.get(k).label().label() + " (" + selected.get(k).runId() + ", elapsed ";
            assertTrue(headers.get(k).startsWith(expected), headers.get(k));
        }
        assertTrue(headers.get(3).contains(" left)"), "an estimate once a run has finished: " + headers.get(3));
    }

    @Test
    void summaryCsvHasOneRowPerRunInPlanOrder() {
        Csv csv = readCsv(sweepDir.resolve("summary.csv"));

        assertEquals(labels(), csv.column("label"));
        assertEquals(plan.runs().stream().map(RunPlan::runId).toList(), csv.column("run_id"));
        assertEquals(8, new HashSet<>(csv.column("run_id")).size());
    }

    @Test
    void summaryCsvValuesAreThoseOfEachRunsSummary() {
        Csv csv = readCsv(sweepDir.resolve("summary.csv"));
        for (List<String> row : csv.rows()) {
            Map<String, String> cells = new LinkedHashMap<>();
            for (int i = 0; i < csv.header().size(); i++) cells.put(csv.header().get(i), row.get(i));
            JsonNode s = readJson(sweepDir.resolve(cells.get("run_id")).resolve("summary.json"));
            RunPlan run = plan.runs().stream().filter(r -> r.runId().equals(cells.get("run_id"))).findFirst().orElseThrow();
            assertAll(cells.get("label"),
                    () -> assertEquals(run.label().label(), cells.get("label")),
                    () -> assertEquals(run.label().variant(), cells.get("variant")),
                    () -> assertEquals(String.valueOf(run.spec().model().batchnorm()), cells.get("model.batchnorm")),
                    () -> assertEquals(run.spec().train().optimizer().lr(), Double.parseDouble(cells.get("train.optimizer.lr"))),
                    () -> assertEquals(String.valueOf(run.spec().seed()), cells.get("seed")),
                    () -> assertEquals("completed", cells.get("status")),
                    () -> assertEquals("", cells.get("error")),
                    () -> assertEquals(s.at("/metrics/validate_accuracy/last").asDouble(), number(cells, "final_validate_accuracy"), 1e-9),
                    () -> assertEquals(s.at("/metrics/validate_accuracy/best").asDouble(), number(cells, "best_validate_accuracy"), 1e-9),
                    () -> assertEquals(s.at("/metrics/validate_loss/last").asDouble(), number(cells, "final_validate_loss"), 1e-9),
                    () -> assertEquals(s.at("/metrics/validate_loss/best").asDouble(), number(cells, "best_validate_loss"), 1e-9),
                    () -> assertEquals(s.at("/metrics/test_accuracy/last").asDouble(), number(cells, "final_test_accuracy"), 1e-9),
                    () -> assertEquals(s.at("/metrics/test_accuracy/best").asDouble(), number(cells, "best_test_accuracy"), 1e-9),
                    () -> assertEquals(s.at("/metrics/test_loss/last").asDouble(), number(cells, "final_test_loss"), 1e-9),
                    () -> assertEquals(s.at("/metrics/test_loss/best").asDouble(), number(cells, "best_test_loss"), 1e-9),
                    () -> assertEquals(s.path("convergence_iteration").asText(), cells.get("convergence_iteration")),
                    () -> assertEquals(s.path("parameters").asText(), cells.get("parameters")),
                    () -> assertEquals(s.path("wall_seconds").asDouble(), number(cells, "wall_seconds"), 0.006),
                    () -> assertEquals(s.path("images_per_second").asDouble(), number(cells, "images_per_second"), 0.51),
                    () -> assertTrue(number(cells, "final_test_accuracy") > 0.3, "it learnt something"),
                    () -> assertTrue(number(cells, "best_test_accuracy") >= number(cells, "final_test_accuracy")),
                    () -> assertTrue(number(cells, "wall_seconds") > 0 && number(cells, "images_per_second") > 0));
        }
    }

    @Test
    void summaryCsvCountsParametersWithAndWithoutBatchNorm() {
        Csv csv = readCsv(sweepDir.resolve("summary.csv"));
        for (int i = 0; i < csv.rows().size(); i++) {
            boolean bn = csv.column("model.batchnorm").get(i).equals("true");
            // 784*32+32 + 32*10+10, and batch norm's gamma and beta for the 32 hidden units
            assertEquals(bn ? 25_450 + 64 : 25_450, Long.parseLong(csv.column("parameters").get(i)), csv.column("label").get(i));
        }
    }

    private static double number(Map<String, String> cells, String column) {
        return Double.parseDouble(cells.get(column));
    }

    // ---- status ----------------------------------------------------------------------------------------------------

    @Test
    void statusCountsDoneAndPending() {
        assertEquals(0, statusAfterOnly.exitCode(), statusAfterOnly::toString);
        assertEquals("bn: 8 runs: 4 done 0 failed 0 running 0 interrupted 4 pending", statusAfterOnly.out().lines().findFirst().orElseThrow());
        assertEquals(1, statusAfterOnly.out().lines().count(), statusAfterOnly::toString);

        assertEquals(0, statusAfterAll.exitCode(), statusAfterAll::toString);
        assertEquals("bn: 8 runs: 8 done 0 failed 0 running 0 interrupted 0 pending" + System.lineSeparator(), statusAfterAll.out());
    }

    @Test
    void verboseStatusListsEveryRun() {
        List<String> lines = verboseStatusAfterAll.out().lines().toList();

        assertEquals(0, verboseStatusAfterAll.exitCode(), verboseStatusAfterAll::toString);
        assertEquals(9, lines.size(), verboseStatusAfterAll::toString);
        for (int i = 0; i < 8; i++) {
            String[] parts = lines.get(i + 1).trim().split("\\s+");
            assertEquals(List.of("done", labels().get(i), plan.runs().get(i).runId()), List.of(parts), lines.get(i + 1));
        }
    }

    @Test
    void statusOfAFolderThatIsNotASweepIsOneLineAndExit2() {
        CliResult runFolder = djlab("status", sweepDir.resolve(foldersAfterOnly.get(0)).toString());
        CliResult absent = djlab("status", dir.resolve("nothing-here").toString());

        for (CliResult r : List.of(runFolder, absent)) {
            assertEquals(2, r.exitCode(), r::toString);
            assertEquals(1, r.err().lines().count(), r::toString);
            assertTrue(r.err().startsWith("error: ") && r.err().contains("not a sweep folder"), r::toString);
            assertEquals("", r.out(), r::toString);
        }
    }

    // ---- shards ----------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 3, 8, 10})
    void dryRunShardsCoverThePlanExactlyOnce(int count) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CliResult dry = djlab(withLocations(results, "sweep", spec.toString(), "--dry-run", "--shard", i + "/" + count));
            assertEquals(0, dry.exitCode(), dry::toString);
            List<Planned> shard = planned(dry);
            assertEquals(plan.shard(i, count).stream().map(r -> r.label().label()).toList(),
                    shard.stream().map(Planned::label).toList());
            assertTrue(dry.out().contains(shard.size() + " runs planned in "), dry::toString);
            shard.forEach(p -> all.add(p.label()));
        }
        assertEquals(8, all.size(), all::toString);
        assertEquals(new HashSet<>(labels()), new HashSet<>(all));
    }

    @ParameterizedTest(name = "--shard ''{0}''")
    @ValueSource(strings = {"2/2", "3/2", "-1/2", "0/0", "1/-3", "a/b", "1", "1/2/3", "", "/", "0/two"})
    void aBadShardIsOneLineAndExit2(String shard) {
        CliResult r = djlab(withLocations(dir.resolve("bad-shard"), "sweep", spec.toString(), "--shard", shard));

        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("error: --shard: expected I/N with 0 <= I < N"), r::toString);
        assertFalse(Files.exists(dir.resolve("bad-shard")), "nothing is written");
    }

    @Test
    void aShardWithOnlyTrainsOnlyTheMatchingRunsOfItsSlice() {
        Path shared = dir.resolve("shards");
        CliResult first = djlab(withLocations(shared, "sweep", spec.toString(), "--shard", "1/3", "--only", "*,seed=1"));
        assertEquals(0, first.exitCode(), first::toString);
        List<String> firstIds = ids(SweepPlan.only(plan.shard(1, 3), "*,seed=1"));
        assertEquals(firstIds, listFolders(shared.resolve("bn")));
    }

    static List<String> listFolders(Path d) {
        try (Stream<Path> dirs = Files.list(d)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "--parallel {0}")
    @ValueSource(strings = {"0", "-1"})
    void aBadParallelIsOneLineAndExit2(String parallel) {
        CliResult r = djlab(withLocations(dir.resolve("bad-parallel"), "sweep", spec.toString(), "--parallel", parallel));

        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("error: --parallel: "), r::toString);
        assertFalse(Files.exists(dir.resolve("bad-parallel")), "nothing is written");
    }

    // ---- --set, --parallel -----------------------------------------------------------------------------------------

    @Test
    void theSetOptionChangesEveryRunOfTheSweep() {
        CliResult dry = djlab(withLocations(results, "sweep", spec.toString(), "--dry-run", "--set", "train.epochs=3"));
        SweepPlan three = SweepPlan.of(spec, List.of("train.epochs=3"), new RunPlan.Locations(results, dataRoot(), null));

        assertEquals(0, dry.exitCode(), dry::toString);
        assertEquals(three.runs().stream().map(RunPlan::runId).toList(), planned(dry).stream().map(Planned::runId).toList());
        assertTrue(three.runs().stream().allMatch(r -> r.spec().train().epochs() == 3));
        assertTrue(planned(dry).stream().allMatch(p -> p.state().equals("to run")), "other runs than the completed ones");
        assertTrue(dry.out().contains("(0 done, 8 to run)"), dry::toString);
    }

    @Test
    void parallelTwoCompletesEveryRun() {
        Path other = dir.resolve("parallel");
        CliResult r = djlabKeepingThreads(withLocations(other, "sweep", spec.toString(), "--parallel", "2", "--only",
                "batchnorm=false*"));

        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("bn: 4 completed, 0 skipped (done before), 0 failed"), r::toString);
        List<RunPlan> selected = SweepPlan.only(plan.runs(), "batchnorm=false*");
        assertEquals(ids(selected), listFolders(other.resolve("bn")));
        for (RunPlan run : selected) {
            Path folder = other.resolve("bn").resolve(run.runId());
            assertEquals("completed", readJson(folder.resolve("summary.json")).path("status").asText(), run.label().label());
            assertEquals(List.of("1", "2"), readCsv(folder.resolve("epochs.csv")).column("epoch"), run.label().label());
        }
        Csv csv = readCsv(other.resolve("bn").resolve("summary.csv"));
        assertEquals(selected.stream().map(p -> p.label().label()).toList(), csv.column("label"));
        assertTrue(csv.column("status").stream().allMatch("completed"::equals), csv.column("status")::toString);
    }
}
