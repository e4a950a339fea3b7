package djlab.sweep;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.spec.BadInputException;
import djlab.train.RunPlan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The adaptive sweep's spec fields (issue #15): {@code search}, {@code objective}, {@code prune}, {@code seeds} as a
 * list or range. Old forms plan the same runs; every bad value is one error naming its field.
 */
class AdaptiveSpecTests {

    @TempDir
    Path dir;

    private SweepPlan plan(String sweep) {
        Path file = write(dir, "sweep.yaml", SweepPlanTests.BASE + sweep);
        return SweepPlan.of(file, List.of(), new RunPlan.Locations(dir.resolve("results"), dataRoot(), null));
    }

    private static List<String> ids(SweepPlan plan) {
        return plan.runs().stream().map(r -> r.label().label() + " " + r.runId()).toList();
    }

    @Test
    void searchTypeRandomPlansTheSameRunsAsRandom() {
        SweepPlan old = plan("""
                sweep:
                  random: {trials: 4, space: {train.optimizer.lr: {log_uniform: [0.001, 1]}, model.dropout: {uniform: [0, 0.5]}}}
                  seeds: [1, 2]
                """);
        SweepPlan search = plan("""
                sweep:
                  search: {type: random, trials: 4, space: {train.optimizer.lr: {log_uniform: [0.001, 1]}, model.dropout: {uniform: [0, 0.5]}}}
                  seeds: [1, 2]
                """);
        assertEquals(8, old.runs().size());
        assertEquals(ids(old), ids(search));
    }

    @Test
    void searchTypeGridPlansTheSameRunsAsTheGrid() {
        String grid = "  grid: {model.batchnorm: [true, false], train.optimizer.lr: [0.01, 0.1]}\n  seeds: [1, 2]\n";
        assertEquals(ids(plan("sweep:\n" + grid)), ids(plan("sweep:\n  search: {type: grid}\n" + grid)));
    }

    @Test
    void intIsIntUniformSpelledShort() {
        SweepPlan a = plan("sweep:\n  random: {trials: 5, space: {train.epochs: {int_uniform: [1, 3]}}}\n");
        SweepPlan b = plan("sweep:\n  random: {trials: 5, space: {train.epochs: {int: [1, 3]}}}\n");
        assertEquals(ids(a), ids(b));
    }

    @Test
    void objectiveAndPruneNoneLeaveAGridAsItIs() {
        String grid = "  grid: {train.optimizer.lr: [0.01, 0.1]}\n";
        assertEquals(ids(plan("sweep:\n" + grid)), ids(plan("sweep:\n" + grid
                + "  objective: {metric: validate_loss}\n  prune: {type: none}\n")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "search: {type: bayes, trials: 3, space: {model.dropout: {uniform: [0, 0.5]}}} | sweep.search.type | expected one of grid, random, tpe",
        "search: {trials: 3, space: {model.dropout: {uniform: [0, 0.5]}}}              | sweep.search.type | required",
        "search: {type: random, space: {model.dropout: {uniform: [0, 0.5]}}}            | sweep.search.trials | expected an integer >= 1, got null",
        "search: {type: tpe, trials: 0, space: {model.dropout: {uniform: [0, 0.5]}}}   | sweep.search.trials | expected an integer >= 1, got 0",
        "search: {type: tpe, trials: 3}                                                 | sweep.search.space | expected at least one field",
        "search: {type: tpe, trials: 3, space: {model.dropout: {uniform: [0.5, 0]}}}   | sweep.search.space.model.dropout.uniform | expected [low, high]",
        "search: {type: tpe, trials: 3, space: {model.dropout: {int: [3, 1]}}}         | sweep.search.space.model.dropout.int | expected [low, high]",
        "search: {type: tpe, trials: 3, space: {train.optimizer.lr: {log_uniform: [0, 1]}}} | sweep.search.space.train.optimizer.lr.log_uniform | expected bounds > 0",
        "search: {type: tpe, trials: 3, startup: 4, space: {model.dropout: {uniform: [0, 0.5]}}} | sweep.search.startup | expected an integer in [1, trials = 3], got 4",
        "search: {type: tpe, trials: 3, in_flight: 0, space: {model.dropout: {uniform: [0, 0.5]}}} | sweep.search.in_flight | expected an integer in [1, 1000], got 0",
        "search: {type: random, trials: 3, startup: 1, space: {model.dropout: {uniform: [0, 0.5]}}} | sweep.search.startup | applies to tpe only",
        "search: {type: grid, trials: 3}                                                | sweep.search.trials | applies to random and tpe only",
        "search: {type: tpe, trials: 3, space: {model.dropout: {uniform: [0, 0.5]}}}, grid: {model.batchnorm: [true]} | sweep.search.type | tpe search stands alone",
        "search: {type: random, trials: 3, space: {model.dropout: {uniform: [0, 0.5]}}}, random: {trials: 2, space: {model.dropout: {uniform: [0, 0.5]}}} | sweep.random | give the space once",
        "search: {type: random, trials: 3, spaec: {}}                                   | sweep.search.spaec | unknown field (did you mean 'space'?)",
        "grid: {model.batchnorm: [true]}, objective: {metric: val_acc}                 | sweep.objective.metric | expected one of train_loss",
        "grid: {model.batchnorm: [true]}, objective: {metric: validate_loss, mode: lowest} | sweep.objective.mode | expected one of max, min, got 'lowest'",
        "grid: {model.batchnorm: [true]}, prune: {type: hyperband}                     | sweep.prune.type | expected one of none, asha, median",
        "grid: {model.batchnorm: [true]}, prune: {type: asha, min_epochs: 0}           | sweep.prune.min_epochs | expected an integer in [1, 1000000], got 0",
        "grid: {model.batchnorm: [true]}, prune: {type: asha, eta: 1}                  | sweep.prune.eta | expected an integer in [2, 1000], got 1",
        "grid: {model.batchnorm: [true]}, prune: {type: median, eta: 3}                | sweep.prune.eta | applies to asha only",
        "grid: {model.batchnorm: [true]}, prune: {type: none, min_epochs: 2}           | sweep.prune.min_epochs | not used when type is none",
        "grid: {model.batchnorm: [true]}, seeds: {min: 0, max: 3}                      | sweep.seeds.min | expected an integer >= 1, got 0",
        "grid: {model.batchnorm: [true]}, seeds: {min: 3, max: 2}                      | sweep.seeds.max | expected an integer >= min = 3, got 2",
        "grid: {model.batchnorm: [true]}, seeds: {min: 3}                              | sweep.seeds.max | required",
        "grid: {model.batchnorm: [true]}, seeds: {min: 1, max: 3, most: 4}             | sweep.seeds.most | unknown field",
        "grid: {model.batchnorm: [true]}, seeds: three                                 | sweep.seeds | expected a list of seeds or {min, max}",
        "grid: {model.batchnorm: [true]}, seeds: [1, -2]                               | sweep.seeds[1] | expected an integer >= 0, got -2",
        "grid: {model.batchnorm: [true]}, seeds: [1, 1.5]                              | sweep.seeds[1] | expected an integer >= 0, got 1.5",
    })
    void aBadAdaptiveFieldIsOneErrorNamingIt(String sweep, String field, String problem) {
        BadInputException e = assertThrows(BadInputException.class, () -> plan("sweep: {" + sweep + "}\n"));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.problem().startsWith(problem), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
