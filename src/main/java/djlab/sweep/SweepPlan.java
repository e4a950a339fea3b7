package djlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.results.RunLabel;
import djlab.results.SweepFolder;
import djlab.spec.ExperimentSpec;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import djlab.spec.SpecValidator;
import djlab.spec.SweepSpec;
import djlab.train.RunPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every run of a sweep, resolved and checked: building a plan binds and validates each run's spec, so a bad
 * 17th variant fails before the first run starts.
 */
public record SweepPlan(String name, String specFile, List<RunPlan> runs, SweepFolder folder) {

    public static SweepPlan of(Path file, List<String> sets, RunPlan.Locations where) {
        return of(file, sets, List.of(), where);
    }

    /**
     * As above, with {@code lastSets} applied to every run after the sweep's own values, so they win even over a
     * variant that sets the same field ({@code --smoke} must keep every run small).
     */
    public static SweepPlan of(Path file, List<String> sets, List<String> lastSets, RunPlan.Locations where) {
        return of(file, sets, lastSets, where, SweepExpansion.DEFAULT_MAX_RUNS);
    }

    /** As above, refusing a sweep of more than {@code maxRuns} runs before expanding it. */
    public static SweepPlan of(Path file, List<String> sets, List<String> lastSets, RunPlan.Locations where,
            long maxRuns) {
        return of(file.toString(), SpecFiles.read(file, sets), lastSets, where, maxRuns);
    }

    /**
     * The plan of a spec tree already read (and overridden), e.g. one given as text or built in code; the tree is
     * consumed.
     */
    public static SweepPlan of(String specFile, ObjectNode tree, List<String> lastSets, RunPlan.Locations where,
            long maxRuns) {
        JsonNode sweepNode = tree.remove("sweep");
        if (sweepNode == null || sweepNode.isNull()) {
            throw new BadInputException(specFile, "sweep", "expected a sweep section (grid, variants, random, seeds); "
                    + "for a single run use 'djlab run " + specFile + "'");
        }
        SweepSpec sweep = SpecFiles.convert(specFile, sweepNode, SweepSpec.class, "sweep.");
        long seed = tree.path("seed").canConvertToLong() ? tree.path("seed").asLong() : 42;
        SpecValidator.validateSweep(specFile, sweep);
        if (AdaptivePlan.adaptive(sweep)) {
            throw new BadInputException(specFile, "sweep.search.type", "a tpe search is planned as it runs (djlab sweep)");
        }
        List<RunPlan> runs = new ArrayList<>();
        for (Point point : SweepExpansion.expand(specFile, tree, sweep, seed, maxRuns)) runs.add(bind(specFile, point, lastSets, where));
        Map<String, String> labelOf = new LinkedHashMap<>();
        List<RunPlan> distinct = new ArrayList<>();
        for (RunPlan run : runs) {
            String other = labelOf.putIfAbsent(run.runId(), run.label().label());
            if (other == null) {
                distinct.add(run);
            } else if (SweepExpansion.randomSearch(sweep) == null) {
                throw new BadInputException(specFile, "sweep", "runs '" + other + "' and '" + run.label().label()
                        + "' are the same experiment (run-id " + run.runId() + "); make them differ or drop one");
            }
            // Random search may draw the same point twice (narrow or discrete spaces): it is trained once.
        }
        runs = distinct;
        String name = runs.get(0).spec().name();
        return new SweepPlan(name, specFile, runs, new SweepFolder(where.results().resolve(name)));
    }

    /** A point's run, its spec bound and validated; a problem names the run. */
    static RunPlan bind(String specFile, Point point, List<String> lastSets, RunPlan.Locations where) {
        Map<String, Object> values = new LinkedHashMap<>(point.values());
        try {
            SpecFiles.applySets(point.tree(), lastSets);
            ExperimentSpec spec = SpecFiles.bind(specFile, point.tree());
            return RunPlan.of(specFile, spec, new RunLabel(point.label(), point.variant(), values), where);
        } catch (BadInputException e) {
            throw new BadInputException(specFile, "run " + point.index() + " (" + point.label() + ")"
                    + (e.field() == null ? "" : ": " + e.field()), e.problem());
        }
    }

    public List<SweepFolder.Entry> entries() {
        List<SweepFolder.Entry> entries = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            entries.add(new SweepFolder.Entry(i + 1, runs.get(i).label().label(), runs.get(i).runId()));
        }
        return entries;
    }

    /** The runs of shard {@code index} (from 0) of {@code count}: every count-th run, so shards stay balanced. */
    public List<RunPlan> shard(int index, int count) {
        return shard(runs, index, count);
    }

    /** Shard {@code index} of {@code count} of a selection of runs (e.g. the smoke selection). */
    public static List<RunPlan> shard(List<RunPlan> runs, int index, int count) {
        List<RunPlan> mine = new ArrayList<>();
        for (int i = index; i < runs.size(); i += count) mine.add(runs.get(i));
        return mine;
    }

    /** Runs whose label matches a glob ({@code *} any text, {@code ?} one character). */
    public static List<RunPlan> only(List<RunPlan> runs, String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        Pattern pattern = Pattern.compile(regex.toString());
        return runs.stream().filter(r -> pattern.matcher(r.label().label()).matches()).toList();
    }
}
