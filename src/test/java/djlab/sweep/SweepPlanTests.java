package djlab.sweep;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.results.RunId;
import djlab.spec.ExperimentSpec;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import djlab.train.RunPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a spec's {@code sweep:} section expands into runs ({@link SweepPlan#of}): counts, order and labels of
 * grid x variants x seeds, how variants change the spec, random search, the errors, shards and {@code --only}.
 * Nothing is trained.
 */
class SweepPlanTests {

    static final String BASE = """
            name: plan
            seed: 7
            data: {validation: 0, limit: {train: 500, test: 500}}
            model: {type: mlp, hidden: [32], activation: relu}
            train:
              epochs: 1
              batch_size: 100
              optimizer: {type: sgd, lr: 0.1, momentum: 0.9}
              log_every: 1
            """;

    @TempDir
    Path dir;

    private SweepPlan plan(String sweep, String... sets) {
        Path file = write(dir, "sweep.yaml", BASE + sweep);
        return SweepPlan.of(file, List.of(sets), new RunPlan.Locations(dir.resolve("results"), dataRoot(), null));
    }

    private BadInputException bad(String sweep, String... sets) {
        return assertThrows(BadInputException.class, () -> plan(sweep, sets));
    }

    private static List<String> labels(List<RunPlan> runs) {
        return runs.stream().map(r -> r.label().label()).toList();
    }

    // ---- grid x variants x seeds -------------------------------------------------------------------------------------

    @Test
    void gridTimesSeedsInKeyOrderThenSeeds() {
        SweepPlan plan = plan("""
                sweep:
                  grid:
                    model.batchnorm: [true, false]
                    train.optimizer.lr: [0.01, 0.1, 1.0]
                  seeds: [1, 2]
                """);

        assertEquals(List.of(
                "batchnorm=true,lr=0.01,seed=1", "batchnorm=true,lr=0.01,seed=2",
                "batchnorm=true,lr=0.1,seed=1", "batchnorm=true,lr=0.1,seed=2",
                "batchnorm=true,lr=1.0,seed=1", "batchnorm=true,lr=1.0,seed=2",
                "batchnorm=false,lr=0.01,seed=1", "batchnorm=false,lr=0.01,seed=2",
                "batchnorm=false,lr=0.1,seed=1", "batchnorm=false,lr=0.1,seed=2",
                "batchnorm=false,lr=1.0,seed=1", "batchnorm=false,lr=1.0,seed=2"), labels(plan.runs()));
        assertEquals("plan", plan.name());
        assertEquals(dir.resolve("results").resolve("plan"), plan.folder().dir());
    }

    @Test
    void eachRunHasItsValuesInItsSpecAndVariantAndValuesInItsLabel() {
        SweepPlan plan = plan("""
                sweep:
                  grid:
                    model.batchnorm: [true, false]
                    train.optimizer.lr: [0.01, 0.1, 1.0]
                  seeds: [1, 2]
                """);

        RunPlan run = plan.runs().get(3); // batchnorm=true,lr=0.1,seed=2
        assertAll(
                () -> assertEquals("batchnorm=true,lr=0.1,seed=2", run.label().label()),
                () -> assertEquals("batchnorm=true,lr=0.1", run.label().variant()),
                () -> assertEquals(List.of("model.batchnorm", "train.optimizer.lr", "seed"), new ArrayList<>(run.label().values().keySet())),
                () -> assertEquals(Boolean.TRUE, run.spec().model().batchnorm()),
                () -> assertEquals(0.1, run.spec().train().optimizer().lr()),
                () -> assertEquals(0.9, run.spec().train().optimizer().momentum(), "untouched fields stay"),
                () -> assertEquals(2L, run.spec().seed()),
                () -> assertEquals("plan", run.spec().name()),
                () -> assertEquals(RunId.of(run.spec()), run.runId()),
                () -> assertEquals(dir.resolve("results").resolve("plan").resolve(run.runId()), run.folder().dir()));
        for (RunPlan r : plan.runs()) {
            assertEquals(r.spec().model().batchnorm(), r.label().label().startsWith("batchnorm=true"), r.label().label());
            assertTrue(r.label().label().endsWith(",seed=" + r.spec().seed()), r.label().label());
        }
        assertEquals(12, plan.runs().stream().map(RunPlan::runId).distinct().count(), "every run has its own id");
    }

    @Test
    void seedsAloneRepeatTheBaseSpec() {
        SweepPlan plan = plan("""
                sweep:
                  seeds: [3, 1, 2]
                """);

        assertEquals(List.of("seed=3", "seed=1", "seed=2"), labels(plan.runs()));
        assertEquals(List.of(3L, 1L, 2L), plan.runs().stream().map(r -> r.spec().seed()).toList());
        assertEquals(List.of("base", "base", "base"), plan.runs().stream().map(r -> r.label().variant()).toList());
    }

    @Test
    void withoutSeedsEachRunKeepsTheSpecSeed() {
        SweepPlan plan = plan("""
                sweep:
                  grid:
                    train.batch_size: [50, 100]
                """);

        assertEquals(List.of("batch_size=50", "batch_size=100"), labels(plan.runs()));
        assertTrue(plan.runs().stream().allMatch(r -> r.spec().seed() == 7L));
        assertEquals(List.of(50, 100), plan.runs().stream().map(r -> r.spec().train().batchSize()).toList());
    }

    @Test
    void labelsUseTheLastPartOfEachKeyUnlessTwoKeysShareIt() {
        SweepPlan plan = plan("""
                sweep:
                  grid:
                    data.limit.train: [300, 400]
                    model.type: [mlp]
                    train.optimizer.type: [sgd]
                    train.optimizer.lr: [0.1]
                """);

        assertEquals(List.of("train=300,model.type=mlp,train.optimizer.type=sgd,lr=0.1",
                "train=400,model.type=mlp,train.optimizer.type=sgd,lr=0.1"), labels(plan.runs()));
    }

    @Test
    void variantsTimesGridTimesSeedsVariantsOutermost() {
        SweepPlan plan = plan("""
                sweep:
                  variants:
                    - {label: sgd,  train.optimizer: {type: sgd, lr: 0.1, momentum: 0.5}}
                    - {label: adam, train.optimizer: {type: adam, lr: 0.001}}
                  grid:
                    model.batchnorm: [true, false]
                  seeds: [1, 2]
                """);

        assertEquals(List.of(
                "sgd,batchnorm=true,seed=1", "sgd,batchnorm=true,seed=2", "sgd,batchnorm=false,seed=1", "sgd,batchnorm=false,seed=2",
                "adam,batchnorm=true,seed=1", "adam,batchnorm=true,seed=2", "adam,batchnorm=false,seed=1", "adam,batchnorm=false,seed=2"),
                labels(plan.runs()));
        RunPlan adam = plan.runs().get(5);
        assertEquals("adam,batchnorm=true", adam.label().variant());
        assertEquals("adam", String.valueOf(adam.label().values().get(SweepExpansion.VARIANT)).replace("\"", ""));
        assertEquals(Boolean.TRUE, adam.spec().model().batchnorm());
    }

    @Test
    void aDottedVariantFieldReplacesTheWholeField() {
        SweepPlan plan = plan("""
                sweep:
                  variants:
                    - {label: sgd,  train.optimizer: {type: sgd, lr: 0.05}}
                    - {label: adam, train.optimizer: {type: adam, lr: 0.001}}
                """);

        assertEquals(List.of("sgd", "adam"), labels(plan.runs()));
        var sgd = plan.runs().get(0).spec().train().optimizer();
        var adam = plan.runs().get(1).spec().train().optimizer();
        assertAll(
                () -> assertEquals("sgd", sgd.type()),
                () -> assertEquals(0.05, sgd.lr()),
                () -> assertEquals(0.0, sgd.momentum(), "the base's momentum 0.9 is replaced with the whole optimizer"),
                () -> assertEquals("adam", adam.type()),
                () -> assertEquals(0.001, adam.lr()),
                () -> assertNull(adam.momentum()),
                () -> assertEquals(100, plan.runs().get(1).spec().train().batchSize(), "the rest of train stays"));
    }

    @Test
    void aNestedVariantMappingMergesIntoTheSpec() {
        SweepPlan plan = plan("""
                sweep:
                  variants:
                    - {label: wide, model: {hidden: [64, 32]}, train: {batch_size: 50}}
                    - {label: deep, model.hidden: [16, 16, 16], train.optimizer.lr: 0.02}
                """);

        ExperimentSpec wide = plan.runs().get(0).spec();
        ExperimentSpec deep = plan.runs().get(1).spec();
        assertAll(
                () -> assertEquals(List.of(64, 32), wide.model().hidden()),
                () -> assertEquals("mlp", wide.model().type()),
                () -> assertEquals("relu", wide.model().activation()),
                () -> assertEquals(50, wide.train().batchSize()),
                () -> assertEquals(0.9, wide.train().optimizer().momentum(), "merging train keeps the optimizer"),
                () -> assertEquals(0.1, wide.train().optimizer().lr()),
                () -> assertEquals(List.of(16, 16, 16), deep.model().hidden()),
                () -> assertEquals(0.02, deep.train().optimizer().lr()),
                () -> assertEquals(0.9, deep.train().optimizer().momentum(), "a dotted leaf changes only that leaf"),
                () -> assertEquals(100, deep.train().batchSize()));
    }

    @Test
    void theSetOptionAppliesToEveryRun() {
        String sweep = """
                sweep:
                  variants:
                    - {label: a, model.hidden: [8]}
                    - {label: b, model.hidden: [16]}
                  seeds: [1, 2]
                """;
        SweepPlan plain = plan(sweep);
        SweepPlan set = plan(sweep, "train.epochs=2", "data.limit.train=400");

        assertEquals(labels(plain.runs()), labels(set.runs()));
        for (int i = 0; i < set.runs().size(); i++) {
            ExperimentSpec s = set.runs().get(i).spec();
            assertEquals(2, s.train().epochs(), set.runs().get(i).label().label());
            assertEquals(400, s.data().limit().train());
            assertEquals(plain.runs().get(i).spec().model().hidden(), s.model().hidden());
            assertNotEquals(plain.runs().get(i).runId(), set.runs().get(i).runId(), "a changed spec is another run");
        }
    }

    @Test
    void theSameSweepPlansTheSameRunIds() {
        String sweep = """
                sweep:
                  grid: {model.batchnorm: [true, false]}
                  seeds: [1, 2]
                """;
        assertEquals(plan(sweep).runs().stream().map(RunPlan::runId).toList(),
                plan(sweep).runs().stream().map(RunPlan::runId).toList());
    }

    @Test
    void theRunIdIsTheOneOfTheResolvedSingleSpec() {
        SweepPlan plan = plan("""
                sweep:
                  variants:
                    - {label: adam, train.optimizer: {type: adam, lr: 0.001}}
                  grid: {model.batchnorm: [false]}
                  seeds: [2]
                """);
        Path single = write(dir, "single.yaml", BASE.replace("seed: 7", "seed: 2")
                .replace("{type: sgd, lr: 0.1, momentum: 0.9}", "{type: adam, lr: 0.001}")
                .replace("activation: relu}", "activation: relu, batchnorm: false}"));

        assertEquals(RunId.of(SpecFiles.load(single, List.of())), plan.runs().get(0).runId());
    }

    // ---- random search ---------------------------------------------------------------------------------------------

    static final String RANDOM = """
            sweep:
              seed: %d
              random:
                trials: %d
                space:
                  train.optimizer.lr: {log_uniform: [1e-4, 1]}
                  model.dropout: {uniform: [0, 0.5]}
                  train.batch_size: {choice: [32, 64, 128, 256]}
                  train.epochs: {int_uniform: [1, 3]}
            """;

    private static List<Map<String, Object>> values(SweepPlan plan) {
        return plan.runs().stream().map(r -> r.label().values()).toList();
    }

    @Test
    void randomSearchIsReproducibleBySeed() {
        SweepPlan a = plan(RANDOM.formatted(5, 10));
        SweepPlan b = plan(RANDOM.formatted(5, 10));
        SweepPlan c = plan(RANDOM.formatted(6, 10));

        assertEquals(10, a.runs().size());
        assertEquals(labels(a.runs()), labels(b.runs()));
        assertEquals(a.runs().stream().map(RunPlan::runId).toList(), b.runs().stream().map(RunPlan::runId).toList());
        assertNotEquals(values(a).stream().map(Object::toString).toList(), values(c).stream().map(Object::toString).toList());
        Set<String> lrs = new HashSet<>();
        for (RunPlan r : a.runs()) lrs.add(String.valueOf(r.spec().train().optimizer().lr()));
        assertTrue(lrs.size() >= 8, "draws differ from trial to trial: " + lrs);
    }

    @Test
    void randomSearchWithoutItsOwnSeedUsesTheSpecSeed() {
        String noSeed = RANDOM.formatted(0, 6).replace("  seed: 0\n", "");
        SweepPlan seven = plan(noSeed);
        SweepPlan otherSpecSeed = plan(noSeed, "seed=8");
        SweepPlan explicitSeven = plan(RANDOM.formatted(7, 6));

        assertEquals(labels(explicitSeven.runs()), labels(seven.runs()));
        assertNotEquals(labels(seven.runs()), labels(otherSpecSeed.runs()));
    }

    @Test
    void randomLabelsNameTheTrialAndItsValues() {
        SweepPlan plan = plan(RANDOM.formatted(5, 3));

        for (int t = 0; t < 3; t++) {
            RunPlan r = plan.runs().get(t);
            ExperimentSpec s = r.spec();
            String expected = "trial=" + (t + 1) + ",lr=" + s.train().optimizer().lr() + ",dropout=" + s.model().dropout()
                    + ",batch_size=" + s.train().batchSize() + ",epochs=" + s.train().epochs();
            assertEquals(expected, r.label().label());
        }
    }

    @Test
    void randomValuesStayWithinTheirBounds() {
        SweepPlan plan = plan(RANDOM.formatted(11, 300));

        List<Double> lrs = plan.runs().stream().map(r -> r.spec().train().optimizer().lr()).toList();
        List<Double> dropouts = plan.runs().stream().map(r -> r.spec().model().dropout()).toList();
        List<Integer> batches = plan.runs().stream().map(r -> r.spec().train().batchSize()).toList();
        List<Integer> epochs = plan.runs().stream().map(r -> r.spec().train().epochs()).toList();
        assertTrue(lrs.stream().allMatch(v -> v >= 1e-4 && v <= 1), lrs::toString);
        assertTrue(dropouts.stream().allMatch(v -> v >= 0 && v <= 0.5), dropouts::toString);
        assertEquals(Set.of(32, 64, 128, 256), new HashSet<>(batches), "every choice, and only those");
        assertEquals(Set.of(1, 2, 3), new HashSet<>(epochs), "both ends of int_uniform are drawn");
        // log-uniform over four decades: about half below 1e-2; uniform: about half below 0.25
        long small = lrs.stream().filter(v -> v < 1e-2).count();
        assertTrue(small > 100 && small < 200, "lr below 1e-2 in " + small + " of 300");
        long lowDropout = dropouts.stream().filter(v -> v < 0.25).count();
        assertTrue(lowDropout > 100 && lowDropout < 200, "dropout below 0.25 in " + lowDropout + " of 300");
    }

    @Test
    void randomValuesStayWithinBoundsGivenWithManyDigits() {
        SweepPlan plan = plan("""
                sweep:
                  random:
                    trials: 20
                    space:
                      model.dropout: {uniform: [0.12345, 0.12346]}
                      train.optimizer.lr: {log_uniform: [0.00031623, 0.00031624]}
                """);

        for (RunPlan r : plan.runs()) {
            double dropout = r.spec().model().dropout();
            double lr = r.spec().train().optimizer().lr();
            assertTrue(dropout >= 0.12345 && dropout <= 0.12346, r.label().label());
            assertTrue(lr >= 0.00031623 && lr <= 0.00031624, r.label().label());
        }
    }

    @Test
    void randomTrialsTimesSeeds() {
        SweepPlan plan = plan(RANDOM.formatted(5, 3).replace("  random:", "  seeds: [1, 2]\n  random:"));

        assertEquals(6, plan.runs().size());
        assertTrue(labels(plan.runs()).get(1).startsWith("trial=1,") && labels(plan.runs()).get(1).endsWith(",seed=2"),
                labels(plan.runs()).toString());
        assertEquals(plan.runs().get(0).spec().train().optimizer().lr(), plan.runs().get(1).spec().train().optimizer().lr(),
                "the seeds repeat the same trial");
    }

    // ---- errors ----------------------------------------------------------------------------------------------------

    @Test
    void randomCombinedWithGridIsAnError() {
        BadInputException e = bad("""
                sweep:
                  grid: {model.batchnorm: [true, false]}
                  random:
                    trials: 2
                    space: {model.dropout: {uniform: [0, 0.5]}}
                """);
        assertEquals("sweep.random", e.field(), e.getMessage());
    }

    @Test
    void randomCombinedWithVariantsIsAnError() {
        BadInputException e = bad("""
                sweep:
                  variants: [{label: a}]
                  random:
                    trials: 2
                    space: {model.dropout: {uniform: [0, 0.5]}}
                """);
        assertEquals("sweep.random", e.field(), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sweep: {}                            | sweep | expected at least one of grid, variants, random, seeds",
        "sweep: {seeds: []}                   | sweep.seeds |",
        "sweep: {seeds: [1, 1]}               | sweep.seeds[1] |",
        "sweep: {grid: {model.batchnorm: []}} | sweep.grid.model.batchnorm |",
        "sweep: {random: {trials: 0, space: {model.dropout: {uniform: [0, 1]}}}} | sweep.random.trials |",
        "sweep: {random: {trials: 2, space: {}}} | sweep.random.space |",
    })
    void anEmptyOrDegenerateSweepIsAnError(String sweep, String field, String problem) {
        BadInputException e = bad(sweep + "\n");
        assertEquals(field, e.field(), e.getMessage());
        if (problem != null) assertEquals(problem, e.problem());
    }

    @Test
    void aSpecWithoutASweepSectionIsAnError() {
        BadInputException e = bad("");
        assertEquals("sweep", e.field());
        assertTrue(e.getMessage().contains("djlab run"), e.getMessage());
    }

    @Test
    void twoVariantsWithTheSameLabelAreAnError() {
        BadInputException e = bad("""
                sweep:
                  variants:
                    - {label: a, model.hidden: [8]}
                    - {label: a, model.hidden: [16]}
                """);
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void aRepeatedGridValueIsAnError() {
        BadInputException e = bad("""
                sweep:
                  grid: {train.optimizer.lr: [0.1, 0.1]}
                """);
        assertTrue(e.getMessage().contains("lr=0.1"), e.getMessage());
    }

    @Test
    void aVariantWithoutALabelIsAnError() {
        BadInputException e = bad("""
                sweep:
                  variants:
                    - {label: a, model.hidden: [8]}
                    - {model.hidden: [16]}
                """);
        assertEquals("sweep.variants[1].label", e.field(), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{uniform: [0.5, 0.1]}      | sweep.random.space.model.dropout.uniform",
        "{uniform: [0.1]}           | sweep.random.space.model.dropout.uniform",
        "{uniform: [0.1, 0.2, 0.3]} | sweep.random.space.model.dropout.uniform",
        "{log_uniform: [0, 0.5]}    | sweep.random.space.model.dropout.log_uniform",
        "{log_uniform: [-1, 0.5]}   | sweep.random.space.model.dropout.log_uniform",
        "{log_uniform: [0.5, 0.1]}  | sweep.random.space.model.dropout.log_uniform",
        "{int_uniform: [3, 1]}      | sweep.random.space.model.dropout.int_uniform",
        "{choice: []}               | sweep.random.space.model.dropout.choice",
        "{}                         | sweep.random.space.model.dropout",
        "{uniform: [0, 0.5], choice: [0.1]} | sweep.random.space.model.dropout",
    })
    void badBoundsAreAnError(String distribution, String field) {
        BadInputException e = bad("""
                sweep:
                  random:
                    trials: 3
                    space:
                      model.dropout: %s
                """.formatted(distribution));
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void theSeventeenthRunInvalidFailsAtOnceNamingIt() {
        // 9 dropouts x 2 seeds: run 17 is the first with dropout 1.5
        BadInputException e = bad("""
                sweep:
                  grid:
                    model.dropout: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.5]
                  seeds: [1, 2]
                """);
        assertTrue(e.getMessage().contains("run 17 (dropout=1.5,seed=1)"), e.getMessage());
        assertTrue(e.getMessage().contains("model.dropout"), e.getMessage());
        assertTrue(e.getMessage().contains("got 1.5"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void anInvalidVariantIsNamedByItsLabel() {
        BadInputException e = bad("""
                sweep:
                  variants:
                    - {label: ok, train.optimizer: {type: adam, lr: 0.001}}
                    - {label: mixed, train.optimizer.type: adam}
                """);
        // the second keeps the base's momentum, which adam has not got
        assertTrue(e.getMessage().contains("run 2 (mixed)"), e.getMessage());
        assertTrue(e.getMessage().contains("train.optimizer.momentum"), e.getMessage());
    }

    @Test
    void aVariantWhoseNetworkDoesNotFitIsNamed() {
        BadInputException e = bad("""
                sweep:
                  variants:
                    - {label: ok, model: {type: cnn, hidden: [8, 8]}}
                    - {label: toodeep, model: {type: cnn, hidden: [8, 8, 8, 8, 8]}}
                """);
        assertTrue(e.getMessage().contains("run 2 (toodeep)"), e.getMessage());
        assertTrue(e.getMessage().contains("model.hidden[4]"), e.getMessage());
    }

    @Test
    void aSweptFieldThatCannotBeSetIsAnError() {
        BadInputException e = bad("""
                sweep:
                  grid: {model.hidden.5: [8]}
                """);
        assertEquals(dir.resolve("sweep.yaml").toString(), e.file());
        assertEquals("sweep: model.hidden.5", e.field(), e.getMessage());
    }

    // ---- shards and --only -----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} shards")
    @CsvSource({"1", "2", "3", "5", "13", "20"})
    void shardsCoverThePlanExactlyOnce(int count) {
        SweepPlan plan = plan("""
                sweep:
                  grid:
                    model.batchnorm: [true, false]
                    train.optimizer.lr: [0.01, 0.1]
                  seeds: [1, 2, 3]
                """);
        assertEquals(12, plan.runs().size());

        List<String> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<RunPlan> shard = plan.shard(i, count);
            int size = shard.size();
            assertTrue(size == 12 / count || size == 12 / count + 1, "balanced: shard " + i + " has " + size);
            all.addAll(labels(shard));
        }
        assertEquals(12, all.size(), all::toString);
        assertEquals(new HashSet<>(labels(plan.runs())), new HashSet<>(all));
        assertEquals(labels(plan.shard(1 % count, count)), labels(plan.shard(1 % count, count)), "deterministic");
    }

    @Test
    void onlySelectsByLabelGlob() {
        SweepPlan plan = plan("""
                sweep:
                  grid:
                    model.batchnorm: [true, false]
                    train.optimizer.lr: [0.01, 0.1]
                  seeds: [1, 2]
                """);

        assertEquals(List.of("batchnorm=true,lr=0.01,seed=1", "batchnorm=true,lr=0.01,seed=2", "batchnorm=true,lr=0.1,seed=1",
                "batchnorm=true,lr=0.1,seed=2"), labels(SweepPlan.only(plan.runs(), "batchnorm=true*")));
        assertEquals(List.of("batchnorm=true,lr=0.1,seed=2", "batchnorm=false,lr=0.1,seed=2"),
                labels(SweepPlan.only(plan.runs(), "*lr=0.1,seed=2")));
        assertEquals(List.of("batchnorm=false,lr=0.01,seed=1"), labels(SweepPlan.only(plan.runs(), "batchnorm=false,lr=0.01,seed=1")));
        assertEquals(4, SweepPlan.only(plan.runs(), "*,lr=0.?1,*").size(), "? is one character; '.' is literal");
        assertEquals(List.of(), SweepPlan.only(plan.runs(), "batchnorm=true"), "the whole label must match");
    }

    @Test
    void entriesListEveryRunInPlanOrder() {
        SweepPlan plan = plan("""
                sweep:
                  seeds: [1, 2, 3]
                """);
        assertEquals(IntStream.rangeClosed(1, 3).boxed().toList(), plan.entries().stream().map(e -> e.index()).toList());
        assertEquals(plan.runs().stream().map(RunPlan::runId).collect(Collectors.toList()),
                plan.entries().stream().map(e -> e.runId()).toList());
    }
}
