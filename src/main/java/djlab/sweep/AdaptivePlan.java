package djlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.results.SweepFolder;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import djlab.spec.SpecValidator;
import djlab.spec.SweepSpec;
import djlab.sweep.prune.Pruner;
import djlab.sweep.search.Dimension;
import djlab.sweep.search.TpeSearch;
import djlab.train.RunPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sweep whose trials are proposed as earlier ones finish ({@code search: {type: tpe}}): the search, and how a
 * trial's values become its runs (one per seed). Building it binds and validates the startup trials and every end
 * of every range, so a value the search may propose that makes a bad spec fails before the first run.
 */
public final class AdaptivePlan {

    private final String name;
    private final String specFile;
    private final ObjectNode base;
    private final SweepSpec sweep;
    private final List<Long> seeds;
    private final int minSeeds;
    private final AdaptiveRules rules;
    private final TpeSearch search;
    private final List<String> lastSets;
    private final RunPlan.Locations where;
    private final SweepFolder folder;

    private AdaptivePlan(String specFile, ObjectNode base, SweepSpec sweep, List<Long> seeds, int minSeeds, long seed,
            List<String> lastSets, RunPlan.Locations where) {
        this.specFile = specFile;
        this.minSeeds = minSeeds;
        this.base = base;
        this.sweep = sweep;
        this.seeds = seeds;
        this.lastSets = lastSets;
        this.where = where;
        this.rules = AdaptiveRules.of(sweep, seed).racing(minSeeds < seeds.size());
        this.search = rules.search();
        RunPlan first = runs(1, search.point(1, j -> Double.NaN)).get(0);
        this.name = first.spec().name();
        this.folder = new SweepFolder(where.results().resolve(name));
    }

    static boolean adaptive(SweepSpec sweep) {
        return sweep.search() != null && SweepSpec.Search.TPE.equals(sweep.search().type());
    }

    /** The adaptive sweep of {@code file}; empty when its sweep is a grid or random search. */
    public static Optional<AdaptivePlan> of(Path file, List<String> sets, List<String> lastSets, RunPlan.Locations where) {
        return of(file.toString(), SpecFiles.read(file, sets), lastSets, where);
    }

    /** The adaptive sweep of a spec tree already read and overridden (the tree is consumed); empty when not adaptive. */
    public static Optional<AdaptivePlan> of(String specFile, ObjectNode tree, List<String> lastSets, RunPlan.Locations where) {
        JsonNode sweepNode = tree.remove("sweep");
        if (sweepNode == null || sweepNode.isNull()) return Optional.empty();
        SweepSpec sweep = SpecFiles.convert(specFile, sweepNode, SweepSpec.class, "sweep.");
        SpecValidator.validateSweep(specFile, sweep);
        if (!adaptive(sweep)) return Optional.empty();
        SweepExpansion.notYetBuilt(specFile, sweep);
        List<Long> seeds = SweepExpansion.seeds(specFile, sweep);
        long seed = sweep.seed() != null ? sweep.seed() : tree.path("seed").canConvertToLong() ? tree.path("seed").asLong() : 42;
        AdaptivePlan plan = new AdaptivePlan(specFile, tree, sweep, seeds, SweepExpansion.minSeeds(specFile, sweep), seed,
                lastSets, where);
        plan.check();
        return Optional.of(plan);
    }

    /** Binds the startup trials and each range's ends (the other fields at trial 1's values), and the objective. */
    private void check() {
        for (int k = 1; k <= Math.min(trials(), search.dependsOnNothing()); k++) runs(k, search.point(k, j -> Double.NaN));
        Map<String, JsonNode> first = search.point(1, j -> Double.NaN);
        for (Dimension d : TpeSearch.space(sweep.search().space())) {
            for (double end : d.categorical() ? range(d.choices()) : new double[] {d.low(), d.high()}) {
                Map<String, JsonNode> values = new LinkedHashMap<>(first);
                values.put(d.key(), d.value(end));
                runs(1, values);
            }
        }
        String metric = objective().metric();
        RunPlan run = runs(1, first).get(0);
        if (metric.startsWith("validate") && run.spec().data().validation() == 0) {
            throw new BadInputException(specFile, "sweep.objective.metric", "expected a metric the runs record; "
                    + metric + " needs a validation set (data.validation > 0), got data.validation 0");
        }
    }

    private static double[] range(int n) {
        double[] all = new double[n];
        for (int i = 0; i < n; i++) all[i] = i;
        return all;
    }

    /** The runs of trial k with these values, one per seed (with racing, each seed it may get), in the plan's order. */
    public List<RunPlan> runs(int k, Map<String, JsonNode> values) {
        List<RunPlan> runs = new ArrayList<>();
        int before = (k - 1) * Math.max(1, seeds.size());
        for (Point point : SweepExpansion.trial(specFile, base, sweep.search().space().keySet(), seeds, k, values, before)) {
            runs.add(SweepPlan.bind(specFile, point, lastSets, where));
        }
        return runs;
    }

    public String name() {
        return name;
    }

    public String specFile() {
        return specFile;
    }

    public SweepFolder folder() {
        return folder;
    }

    /** The search and the pruning rule, as the sweep decides with them. */
    public AdaptiveRules rules() {
        return rules;
    }

    public TpeSearch search() {
        return search;
    }

    public int trials() {
        return sweep.search().trials();
    }

    public int startup() {
        return sweep.search().startupOrDefault();
    }

    public int inFlight() {
        return sweep.search().inFlightOrDefault();
    }

    /** The most seeds a trial can have: all listed, or max of {@code {min, max}}. */
    public int seedsPerTrial() {
        return Math.max(1, seeds.size());
    }

    /** The seeds every trial gets; with {@code seeds: {min, max}} a trial may race on to {@link #seedsPerTrial}. */
    public int minSeeds() {
        return minSeeds;
    }

    public boolean racing() {
        return minSeeds < seedsPerTrial();
    }

    /** The pruning rule; null for none. */
    public Pruner pruner() {
        return rules.pruner();
    }

    public SweepSpec.Objective objective() {
        return AdaptiveRules.objective(sweep);
    }
}
