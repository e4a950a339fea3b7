package djlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.spec.SweepSpec;
import djlab.sweep.prune.Pruner;
import djlab.sweep.search.TpeSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The decisions of an adaptive sweep, apart from training: which point trial k gets, which earlier trials it is
 * judged against, and whether it goes on at a rung. {@link AdaptiveSweep} feeds it the results and curves of real
 * runs; {@code djlab bench replay} feeds it curves recorded by a grid sweep, so a replayed search decides with the
 * very code a real one does.
 */
public final class AdaptiveRules {

    private final TpeSearch search;
    private final Pruner pruner;
    private final int inFlight;
    private final boolean maximise;
    /** Seeds raced ({@code seeds: {min, max}}): a trial's seed count depends on the best of trials 1..k-in_flight. */
    private final boolean racing;

    AdaptiveRules(TpeSearch search, Pruner pruner, int inFlight, boolean maximise) {
        this(search, pruner, inFlight, maximise, false);
    }

    private AdaptiveRules(TpeSearch search, Pruner pruner, int inFlight, boolean maximise, boolean racing) {
        this.search = search;
        this.pruner = pruner;
        this.inFlight = inFlight;
        this.maximise = maximise;
        this.racing = racing;
    }

    /** These rules with the seeds raced or not. */
    public AdaptiveRules racing(boolean raced) {
        return new AdaptiveRules(search, pruner, inFlight, maximise, raced);
    }

    /** The rules of a validated tpe sweep section, its search seeded with {@code seed}. */
    public static AdaptiveRules of(SweepSpec sweep, long seed) {
        SweepSpec.Search s = sweep.search();
        TpeSearch search = new TpeSearch(TpeSearch.space(s.space()), s.startupOrDefault(), s.inFlightOrDefault(), seed);
        return new AdaptiveRules(search, Pruner.of(sweep.prune()), s.inFlightOrDefault(), objective(sweep).maximise());
    }

    static SweepSpec.Objective objective(SweepSpec sweep) {
        SweepSpec.Objective o = sweep.objective() == null ? SweepSpec.Objective.DEFAULT : sweep.objective();
        return new SweepSpec.Objective(o.metric(), o.modeOrDefault());
    }

    public TpeSearch search() {
        return search;
    }

    /** The pruning rule; null for none. */
    public Pruner pruner() {
        return pruner;
    }

    /**
     * The values of trial k. {@code result.apply(j)} gives trial j's result (the objective, mean over its seeds;
     * NaN for a failed trial) for every j the search asks about: 1..{@link TpeSearch#dependsOn}(k).
     */
    public Map<String, JsonNode> point(int k, IntFunction<Double> result) {
        return search.point(k, j -> {
            double r = result.apply(j);
            return maximise ? -r : r;
        });
    }

    /**
     * The earlier trials trial k must wait for: those its point is proposed from and, with pruning or racing, trials
     * 1..k-in_flight, whose curves it is judged against at each rung and whose best it races (the same set in every
     * process).
     */
    public int history(int k) {
        int proposal = search.dependsOn(k);
        return pruner == null && !racing ? proposal : Math.max(proposal, Math.max(0, k - inFlight));
    }

    /**
     * Whether trial k goes on at the end of {@code epoch} (one of the pruner's checkpoints). {@code curve.apply(j)}
     * gives trial j's objective per epoch (mean over its seeds, epoch 1 first) as far as it got, for trial k and
     * every earlier trial of its {@link #history}.
     */
    public Pruner.Decision judge(int k, int epoch, IntFunction<double[]> curve) {
        List<double[]> earlier = new ArrayList<>();
        for (int j = 1; j <= history(k); j++) earlier.add(curve.apply(j));
        return pruner.decide(epoch, curve.apply(k), earlier, maximise);
    }
}
