package djlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison table's numbers against a hand-made sweep whose means, deviations and intervals are known. */
class ComparisonTests {

    @TempDir
    Path sweep;

    private Comparison table;

    @BeforeEach
    void sweepOfTwoVariants() {
        Map<String, Object> off = Map.of("model.batchnorm", false);
        Map<String, Object> on = Map.of("model.batchnorm", true);
        Fixture.write(sweep, Fixture.Run.completed("batchnorm=false", off, 1, 0.90));
        Fixture.write(sweep, Fixture.Run.completed("batchnorm=false", off, 2, 0.92));
        Fixture.write(sweep, Fixture.Run.completed("batchnorm=false", off, 3, 0.94));
        Fixture.write(sweep, Fixture.Run.completed("batchnorm=true", on, 1, 0.95));
        Fixture.write(sweep, Fixture.Run.completed("batchnorm=true", on, 2, 0.97));
        // A diverged run reports a poor accuracy: it must be counted, not averaged.
        Fixture.write(sweep, new Fixture.Run("batchnorm=true", on, 3, "diverged", 0.10, 0.10, 9.9, null, 3, 101_770));
        table = Comparison.of(Results.variants(Results.runsUnder(sweep), null));
    }

    @Test
    void oneRowPerVariantInLevelOrder() {
        assertEquals(List.of("batchnorm=false", "batchnorm=true"),
                table.rows().stream().map(r -> r.variant().name()).toList());
    }

    @Test
    void meanStdAndIntervalOverSeeds() {
        Stats off = table.rows().get(0).get(Comparison.Column.FINAL_ACCURACY);
        assertEquals(3, off.n());
        assertEquals(0.92, off.mean(), 1e-12);
        assertEquals(0.02, off.std(), 1e-12);
        // t(0.975, 2) = 4.302653; half width = 4.302653 * 0.02 / sqrt(3) = 0.0496828
        assertEquals(0.92 - 0.0496828, off.ciLow(), 1e-6);
        assertEquals(0.92 + 0.0496828, off.ciHigh(), 1e-6);
        assertEquals("92.00 ± 2.00", Comparison.cell(table.rows().get(0), Comparison.Column.FINAL_ACCURACY));
        assertEquals("87.03 – 96.97", Comparison.interval(table.rows().get(0)));
    }

    @Test
    void failedRunsAreCountedButNotAveraged() {
        Comparison.Row on = table.rows().get(1);
        Stats accuracy = on.get(Comparison.Column.FINAL_ACCURACY);
        assertEquals(2, accuracy.n());
        assertEquals(0.96, accuracy.mean(), 1e-12);
        assertEquals(Math.sqrt(2) / 100, accuracy.std(), 1e-12);
        // t(0.975, 1) = 12.706205; half width = 12.706205 * 0.0141421 / sqrt(2) = 0.1270620
        assertEquals(0.96 - 0.1270620, accuracy.ciLow(), 1e-6);
        assertEquals(1.0, accuracy.ciHigh(), "0.96 + 0.127 is cut at 100%: a mean accuracy cannot exceed it");
        assertEquals(0.04 - 0.1270620, on.get(Comparison.Column.TEST_LOSS).ciLow(), 1e-6, "only accuracies are cut");
        assertEquals("2 (+1 not completed)", Comparison.count(on));
        assertEquals(11.5, on.get(Comparison.Column.WALL_SECONDS).mean(), 1e-12);
        assertEquals(0.04, on.get(Comparison.Column.TEST_LOSS).mean(), 1e-12);
    }

    @Test
    void bestPerColumnMarked() {
        Comparison.Row off = table.rows().get(0);
        Comparison.Row on = table.rows().get(1);
        assertTrue(table.isBest(on, Comparison.Column.FINAL_ACCURACY));
        assertFalse(table.isBest(off, Comparison.Column.FINAL_ACCURACY));
        assertTrue(table.isBest(on, Comparison.Column.TEST_LOSS), "lower loss is better");
        assertTrue(table.isBest(on, Comparison.Column.WALL_SECONDS), "less time is better");
        assertFalse(table.isBest(on, Comparison.Column.PARAMETERS), "all equal: no best");
        assertFalse(table.isBest(off, Comparison.Column.PARAMETERS), "all equal: no best");
        assertTrue(table.plainText().contains("96.00 ± 1.41 *"), table.plainText());
    }

    @Test
    void singleValueHasNoSpread() {
        Stats one = Stats.of(new double[] {0.5, Double.NaN});
        assertEquals(1, one.n());
        assertEquals(0.5, one.mean());
        assertTrue(Double.isNaN(one.std()));
        assertTrue(Double.isNaN(Stats.of(new double[0]).mean()));
    }
}
