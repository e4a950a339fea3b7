package djlab.sweep.search;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.spec.SweepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The trials of a TPE search, in order. Trials 1..startup are drawn as random search draws them (the same points
 * for the same seed); trial k after them is proposed from the losses of trials 1..k-inFlight, in trial order, with
 * trials k-inFlight+1..k-1 pending. So trial k's point is a function of the sweep's seed and those losses alone,
 * whichever process proposes it and whenever it does: a resumed sweep or another shard proposes the same trials.
 */
public final class TpeSearch {

    private final List<Dimension> space;
    private final int startup;
    private final int inFlight;
    private final long seed;
    private final List<Map<String, JsonNode>> points = new ArrayList<>();

    public TpeSearch(List<Dimension> space, int startup, int inFlight, long seed) {
        this.space = List.copyOf(space);
        this.startup = startup;
        this.inFlight = inFlight;
        this.seed = seed;
        Random random = new Random(seed);
        for (int t = 1; t <= startup; t++) points.add(draw(random));
    }

    public static List<Dimension> space(Map<String, SweepSpec.Distribution> space) {
        List<Dimension> dims = new ArrayList<>();
        space.forEach((key, d) -> dims.add(new Dimension(key, d)));
        return dims;
    }

    private Map<String, JsonNode> draw(Random random) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Dimension d : space) values.put(d.key(), d.draw(random));
        return values;
    }

    /** The trials proposed before any has finished: the startup trials, or the first in_flight if more. */
    public int dependsOnNothing() {
        return Math.max(startup, inFlight);
    }

    /** The trials whose losses trial k's point depends on: 1..k-inFlight (none for the startup trials). */
    public int dependsOn(int k) {
        return k <= startup ? 0 : Math.max(0, k - inFlight);
    }

    /**
     * The values of trial k (from 1). {@code loss.apply(j)} must give trial j's loss (lower is better, NaN for a
     * trial that failed) for every j up to {@link #dependsOn}(k); it is asked for nothing else.
     */
    public synchronized Map<String, JsonNode> point(int k, IntFunction<Double> loss) {
        while (points.size() < k) {
            int next = points.size() + 1;
            List<Tpe.Observation> finished = new ArrayList<>();
            for (int j = 1; j <= dependsOn(next); j++) finished.add(new Tpe.Observation(internal(points.get(j - 1)), loss.apply(j)));
            List<double[]> pending = new ArrayList<>();
            for (int j = dependsOn(next) + 1; j < next; j++) pending.add(internal(points.get(j - 1)));
            Random random = new Random(seed * 0x9E3779B97F4A7C15L + next);
            double[] x = Tpe.suggest(space, finished, pending, random);
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (int d = 0; d < space.size(); d++) values.put(space.get(d).key(), space.get(d).value(x[d]));
            points.add(values);
        }
        return points.get(k - 1);
    }

    private double[] internal(Map<String, JsonNode> values) {
        double[] x = new double[space.size()];
        for (int d = 0; d < space.size(); d++) x[d] = space.get(d).internal(values.get(space.get(d).key()));
        return x;
    }
}
