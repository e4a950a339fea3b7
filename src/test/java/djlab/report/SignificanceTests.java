package djlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The verdict on constructed cases whose answer is known. */
class SignificanceTests {

    @Test
    void matchesWelchByHand() {
        // Means 3 and 4, both variances 2.5, n = 5: t = -1 on 8 degrees of freedom, two-sided p = 0.346594.
        Significance s = Significance.welch(new double[] {1, 2, 3, 4, 5}, new double[] {2, 3, 4, 5, 6});
        assertEquals(1.0, s.difference(), 1e-12);
        assertEquals(0.346594, s.p(), 1e-6);
        // t(0.975, 8) = 2.306004, standard error 1
        assertEquals(1 - 2.306004, s.ciLow(), 1e-6);
        assertEquals(1 + 2.306004, s.ciHigh(), 1e-6);
        assertEquals(Significance.Verdict.NOT_RESOLVED, s.verdict());
    }

    @Test
    void clearlyDifferentIsSignificant() {
        double[] a = {0.900, 0.902, 0.898, 0.901, 0.899};
        double[] b = {0.930, 0.932, 0.928, 0.931, 0.929};
        Significance s = Significance.welch(a, b);
        assertEquals(Significance.Verdict.SIGNIFICANT, s.verdict());
        assertTrue(s.p() < 1e-6, "p = " + s.p());
        assertTrue(s.ciLow() > 0, "the interval excludes zero");
        assertEquals("B is better by 3.00 pp (p < 0.001)", s.sentence("A", "B"));
    }

    @Test
    void anAccuracyDifferencesIntervalStopsAtHundredPoints(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        // Momentum 0.99 after one epoch: one seed half-learned, the others at chance, against a network at 98%.
        java.nio.file.Path sweep = root.resolve("momentum");
        double[][] finals = {{0.984, 0.983, 0.985}, {0.508, 0.089, 0.103}};
        for (int level = 0; level < 2; level++) {
            String label = "momentum=" + (level == 0 ? "0.9" : "0.99");
            for (int seed = 1; seed <= 3; seed++) {
                Fixture.write(sweep, Fixture.Run.completed(label, Map.of("train.optimizer.momentum", label.substring(9)),
                        seed, finals[level][seed - 1]));
            }
        }
        Significance raw = Significance.welch(finals[0], finals[1]);
        assertTrue(raw.ciLow() < -1, "Student's t alone reaches past -100 pp: " + raw.ciLow());
        Significance s = Contrasts.of(Results.variants(Results.runsUnder(sweep), null)).get(0).result();
        assertEquals(-1.0, s.ciLow(), 1e-12);
        assertEquals(raw.ciHigh(), s.ciHigh(), 1e-12);
        assertEquals(raw.p(), s.p(), 1e-12);
    }

    @Test
    void seedsTooSpreadToSeeAnyEffectSaySo() {
        // B's seeds 0.10, 0.95, 0.12 (sd 0.49): the effect 80% power needs is over 100 pp, which accuracies cannot differ by.
        Significance s = Significance.welch(new double[] {0.98, 0.97, 0.99}, new double[] {0.10, 0.95, 0.12});
        assertEquals(Significance.Verdict.NOT_RESOLVED, s.verdict());
        assertTrue(s.detectable() > 1, "detectable " + s.detectable());
        assertEquals("not resolved (n = 3; the seeds spread too widely for any effect to be seen)", s.unresolved());
    }

    @Test
    void identicalDistributionsAreNotSignificant() {
        Significance s = Significance.welch(new double[] {0.91, 0.93, 0.92}, new double[] {0.93, 0.92, 0.91});
        assertEquals(Significance.Verdict.NOT_RESOLVED, s.verdict());
        assertEquals(1.0, s.p(), 1e-12);
        assertTrue(s.ciLow() < 0 && s.ciHigh() > 0);
    }

    @Test
    void noSpreadAtAllStillGivesAnAnswer() {
        assertEquals(Significance.Verdict.NOT_RESOLVED,
                Significance.welch(new double[] {0.9, 0.9}, new double[] {0.9, 0.9}).verdict());
        assertEquals(Significance.Verdict.SIGNIFICANT,
                Significance.welch(new double[] {0.9, 0.9}, new double[] {0.95, 0.95}).verdict());
    }

    @Test
    void holmMatchesTheStepDownByHand() {
        // R: p.adjust(c(0.01, 0.04, 0.03), "holm") = 0.03 0.06 0.06; an untested entry stays untested.
        double[] adjusted = Significance.holm(new double[] {0.01, 0.04, 0.03, Double.NaN});
        assertEquals(0.03, adjusted[0], 1e-12);
        assertEquals(0.06, adjusted[1], 1e-12);
        assertEquals(0.06, adjusted[2], 1e-12);
        assertTrue(Double.isNaN(adjusted[3]));
        assertEquals(1.0, Significance.holm(new double[] {0.6, 0.7})[1], 1e-12, "capped at 1");
    }

    @Test
    void detectableEffectIsTheSumOfTheTwoQuantilesTimesTheStandardError() {
        // Large df: z(0.975) + z(0.80) = 1.959964 + 0.841621.
        assertEquals(2.801585, Significance.detectable(1, 1e7, 0.05), 1e-4);
        // n = 3 a side, sd 1 pp each: se = 0.8165 pp, df = 4: (2.776445 + 0.940965) x 0.8165 = 3.04 pp.
        Significance s = Significance.welch(new double[] {0.90, 0.91, 0.92}, new double[] {0.905, 0.915, 0.925});
        assertEquals(Significance.Verdict.NOT_RESOLVED, s.verdict());
        assertEquals(0.030353, s.detectable(), 1e-5);
        assertEquals("+0.50 pp, not resolved (n = 3; an effect below 3.04 pp could not be seen) (p = 0.573)",
                s.sentence("A", "B"));
        assertTrue(!s.sentence("A", "B").contains("no meaningful difference") && !s.detail("A", "B").contains("noise"));
    }

    @Test
    void aFamilyIsJudgedOnHolmAdjustedP() {
        // Alone, p = 0.03 is significant; as one of four with smaller ones it is not.
        double[] a = {0.900, 0.905, 0.910};
        double[] b = {0.912, 0.917, 0.921};
        Significance alone = Significance.welch(a, b);
        assertTrue(alone.p() < 0.05 && alone.p() > 0.0125, "p = " + alone.p());
        assertEquals(Significance.Verdict.SIGNIFICANT, alone.verdict());
        Significance inFamily = alone.corrected(Math.min(1, alone.p() * 4), 4);
        assertEquals(Significance.Verdict.NOT_RESOLVED, inFamily.verdict());
        assertTrue(inFamily.detectable() > alone.detectable(), "a stricter level needs a larger effect");
        assertTrue(inFamily.sentence("A", "B").contains("Holm-adjusted over 4 comparisons"), inFamily.sentence("A", "B"));
    }

    @Test
    void fewerThanTwoSeedsASideIsNotEnough() {
        Significance s = Significance.welch(new double[] {0.90}, new double[] {0.95, 0.96});
        assertEquals(Significance.Verdict.NOT_ENOUGH_SEEDS, s.verdict());
        assertTrue(Double.isNaN(s.p()));
        assertTrue(s.sentence("A", "B").startsWith("not enough seeds"), s.sentence("A", "B"));
        assertEquals(Significance.Verdict.NOT_ENOUGH_SEEDS,
                Significance.welch(new double[] {0.90, 0.91}, new double[] {0.95, Double.NaN}).verdict());
    }

    @Test
    void pairsDifferInOneFactorWithTheOthersHeldFixed() {
        List<Variant> grid = List.of(
                variant("bn=false,lr=0.01", Map.of("model.batchnorm", "false", "train.optimizer.lr", "0.01")),
                variant("bn=false,lr=0.1", Map.of("model.batchnorm", "false", "train.optimizer.lr", "0.1")),
                variant("bn=true,lr=0.01", Map.of("model.batchnorm", "true", "train.optimizer.lr", "0.01")),
                variant("bn=true,lr=0.1", Map.of("model.batchnorm", "true", "train.optimizer.lr", "0.1")));
        List<Contrasts.Contrast> pairs = Contrasts.of(grid);
        assertEquals(4, pairs.size(), "two levels of each of two factors, at each level of the other: no diagonals");
        Set<String> batchnorm = pairs.stream().filter(c -> c.factor().equals("model.batchnorm"))
                .map(Contrasts.Contrast::context).collect(Collectors.toSet());
        assertEquals(Set.of("lr=0.01", "lr=0.1"), batchnorm);
        Contrasts.Contrast first = pairs.get(0);
        assertEquals("batchnorm=false", Contrasts.side(first, first.a()));
        assertEquals(Significance.Verdict.NOT_ENOUGH_SEEDS, first.result().verdict(), "no runs at all");
    }

    @Test
    void unrelatedVariantsAreComparedWithEveryOther() {
        List<Variant> unrelated = List.of(variant("mlp", Map.of("source", "a")),
                variant("lenet", Map.of("source", "b", "model.type", "lenet")));
        List<Contrasts.Contrast> pairs = Contrasts.of(unrelated);
        assertEquals(1, pairs.size());
        assertEquals("model.type, source", pairs.get(0).factor());
    }

    private static Variant variant(String name, Map<String, String> values) {
        return new Variant(name, new java.util.TreeMap<>(values), List.of());
    }
}
