package djlab.sweep.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import djlab.spec.SweepSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * TPE on synthetic objectives: it finds better points than random search at the same budget, every proposal is a
 * function of the seed and the finished history, and trials in flight are not proposed twice.
 */
class TpeTests {

    private static SweepSpec.Distribution uniform(double a, double b) {
        return new SweepSpec.Distribution(List.of(a, b), null, null, null, null);
    }

    private static SweepSpec.Distribution logUniform(double a, double b) {
        return new SweepSpec.Distribution(null, List.of(a, b), null, null, null);
    }

    private static SweepSpec.Distribution ints(int a, int b) {
        return new SweepSpec.Distribution(null, null, null, List.of(a, b), null);
    }

    private static SweepSpec.Distribution choice(String... values) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String v : values) nodes.add(TextNode.valueOf(v));
        return new SweepSpec.Distribution(null, null, null, null, nodes);
    }

    /** A quadratic bowl in x and log10(lr), a choice worth 1 between its best and worst value, and an integer. */
    private static final Map<String, SweepSpec.Distribution> SPACE = new LinkedHashMap<>(Map.of());

    static {
        SPACE.put("x", uniform(-5, 5));
        SPACE.put("lr", logUniform(1e-5, 1));
        SPACE.put("opt", choice("sgd", "adam", "rmsprop"));
        SPACE.put("width", ints(1, 20));
    }

    private static double loss(Map<String, JsonNode> p) {
        double x = p.get("x").asDouble() - 1.3;
        double lr = Math.log10(p.get("lr").asDouble()) + 2.5;
        double opt = switch (p.get("opt").asText()) { case "adam" -> 0; case "sgd" -> 0.5; default -> 1; };
        double w = (p.get("width").asInt() - 14) / 5.0;
        return x * x + lr * lr + opt + w * w;
    }

    /** The best loss found by a TPE search of {@code trials} trials run one after another. */
    private static double bestOfTpe(long seed, int trials, int startup, int inFlight, ToDoubleFunction<Map<String, JsonNode>> f) {
        TpeSearch search = new TpeSearch(TpeSearch.space(SPACE), startup, inFlight, seed);
        Map<Integer, Double> losses = new HashMap<>();
        double best = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= trials; k++) {
            double l = f.applyAsDouble(search.point(k, losses::get));
            losses.put(k, l);
            best = Math.min(best, l);
        }
        return best;
    }

    private static double bestOfRandom(long seed, int trials) {
        // Random search is TPE that never leaves its startup.
        return bestOfTpe(seed, trials, trials, 1, TpeTests::loss);
    }

    @Test
    void tpeBeatsRandomSearchOnAQuadraticAtTheSameBudget() {
        int reps = 20;
        double tpe = 0;
        double random = 0;
        int wins = 0;
        for (long seed = 1; seed <= reps; seed++) {
            double t = bestOfTpe(seed, 40, 10, 1, TpeTests::loss);
            double r = bestOfRandom(seed, 40);
            tpe += t / reps;
            random += r / reps;
            if (t < r) wins++;
        }
        assertTrue(tpe < 0.6 * random, "mean best loss: tpe " + tpe + ", random " + random);
        assertTrue(wins >= 14, "tpe better in " + wins + " of " + reps);
    }

    @Test
    void trialsInFlightStillBeatRandomSearch() {
        double tpe = 0;
        double random = 0;
        for (long seed = 1; seed <= 20; seed++) {
            tpe += bestOfTpe(seed, 40, 10, 4, TpeTests::loss);
            random += bestOfRandom(seed, 40);
        }
        assertTrue(tpe < 0.7 * random, "tpe " + tpe + ", random " + random);
    }

    @Test
    void theSameSeedAndHistoryProposeTheSamePoints() {
        List<Map<String, JsonNode>> a = proposals(7, 25);
        List<Map<String, JsonNode>> b = proposals(7, 25);
        assertEquals(a, b);
        assertNotEquals(a.subList(10, 25), proposals(8, 25).subList(10, 25), "another seed, other trials");
    }

    @Test
    void aProposalDependsOnlyOnTheTrialsBeforeTheWindow() {
        // Losses of trials in flight (k-3..k-1 for in_flight 3) are never asked for, whatever they are.
        TpeSearch search = new TpeSearch(TpeSearch.space(SPACE), 5, 3, 11);
        Map<Integer, Double> asked = new HashMap<>();
        for (int k = 1; k <= 20; k++) {
            int limit = search.dependsOn(k);
            int trial = k;
            search.point(k, j -> {
                assertTrue(j <= limit, "trial " + trial + " asked for trial " + j);
                asked.merge(j, 1.0, Double::sum);
                return (double) j % 7;
            });
        }
        assertEquals(17, asked.size(), "trials 1..17 were used by trials 6..20");
    }

    @Test
    void theStartupTrialsAreRandomSearchsDraws() {
        TpeSearch search = new TpeSearch(TpeSearch.space(SPACE), 10, 4, 3);
        Random random = new Random(3);
        for (int k = 1; k <= 10; k++) {
            Map<String, JsonNode> drawn = new LinkedHashMap<>();
            for (Dimension d : TpeSearch.space(SPACE)) drawn.put(d.key(), d.draw(random));
            assertEquals(drawn, search.point(k, j -> { throw new AssertionError("asked for a loss"); }));
        }
    }

    @Test
    void theConstantLiarKeepsTrialsInFlightApart() {
        // A narrow integer space where the model is confident: without the liar, proposals made while earlier
        // ones run would repeat them.
        Map<String, SweepSpec.Distribution> small = Map.of("n", ints(1, 12));
        int repeatsWithLiar = 0;
        int repeatsWithout = 0;
        for (long seed = 1; seed <= 30; seed++) {
            List<Dimension> space = TpeSearch.space(small);
            List<Tpe.Observation> finished = new ArrayList<>();
            for (int n = 1; n <= 12; n += 2) finished.add(new Tpe.Observation(new double[] {n}, Math.abs(n - 7)));
            double first = Tpe.suggest(space, finished, List.of(), new Random(seed))[0];
            double withLiar = Tpe.suggest(space, finished, List.of(new double[] {first}), new Random(seed + 1000))[0];
            double without = Tpe.suggest(space, finished, List.of(), new Random(seed + 1000))[0];
            if (withLiar == first) repeatsWithLiar++;
            if (without == first) repeatsWithout++;
        }
        assertTrue(repeatsWithLiar < repeatsWithout, "repeats with the liar " + repeatsWithLiar + ", without " + repeatsWithout);
    }

    @Test
    void valuesStayInTheirRangesAndOnTheirGrids() {
        for (Map<String, JsonNode> p : proposals(5, 40)) {
            double x = p.get("x").asDouble();
            double lr = p.get("lr").asDouble();
            assertTrue(x >= -5 && x <= 5 && lr >= 1e-5 && lr <= 1, p.toString());
            assertTrue(p.get("width").isInt() && p.get("width").asInt() >= 1 && p.get("width").asInt() <= 20, p.toString());
            assertTrue(List.of("sgd", "adam", "rmsprop").contains(p.get("opt").asText()), p.toString());
            assertEquals(Double.parseDouble(String.format("%.3e", x)), x, 1e-12, "four significant digits");
        }
    }

    @Test
    void aFailedTrialCountsAsTheWorst() {
        // Trials that fail (NaN) are proposed around exactly as if they had the worst loss of all.
        assertEquals(failing(Double.NaN), failing(1e9));
        assertNotEquals(failing(Double.NaN), failing(0.0), "the failures' loss matters");
    }

    private static List<Double> failing(double failedLoss) {
        TpeSearch search = new TpeSearch(TpeSearch.space(Map.of("x", uniform(0, 10))), 10, 1, 2);
        Map<Integer, Double> losses = new HashMap<>();
        List<Double> xs = new ArrayList<>();
        for (int k = 1; k <= 40; k++) {
            double x = search.point(k, losses::get).get("x").asDouble();
            losses.put(k, Math.abs(x - 4) < 1 ? failedLoss : Math.abs(x - 2));
            xs.add(x);
        }
        return xs;
    }

    private static List<Map<String, JsonNode>> proposals(long seed, int trials) {
        TpeSearch search = new TpeSearch(TpeSearch.space(SPACE), 10, 2, seed);
        Map<Integer, Double> losses = new HashMap<>();
        List<Map<String, JsonNode>> points = new ArrayList<>();
        for (int k = 1; k <= trials; k++) {
            Map<String, JsonNode> p = search.point(k, losses::get);
            points.add(p);
            losses.put(k, loss(p));
        }
        return points;
    }
}
