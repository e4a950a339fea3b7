package djlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import djlab.spec.SpecValidator;
import djlab.spec.SweepSpec;
import djlab.sweep.search.Dimension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Expands a sweep into its points: {@code grid} x {@code variants}, or {@code random} trials, each repeated per
 * {@code seeds}. The order is fixed by the spec (so shards and resumes agree on it): variants, then grid
 * combinations in key order, then seeds.
 */
public final class SweepExpansion {

    /** The key under which a run's variant label is listed among its values. */
    public static final String VARIANT = "variants";

    private SweepExpansion() {}

    /** One step of a label-and-overrides pair before seeds are applied. */
    private record Setting(List<String> labelParts, Map<String, JsonNode> values, List<ObjectNode> patches) {}

    /** The most runs a sweep may plan unless told otherwise ({@code --max-runs}; documented in docs/spec.md). */
    public static final long DEFAULT_MAX_RUNS = 10_000;

    /** Fields a sweep may not vary: they decide where the results go, which is one folder per sweep. */
    static final List<String> UNSWEPT = List.of("name");

    public static List<Point> expand(String file, ObjectNode base, SweepSpec sweep, long specSeed) {
        return expand(file, base, sweep, specSeed, DEFAULT_MAX_RUNS);
    }

    /** As above, refusing (before expanding anything) a sweep of more than {@code maxRuns} runs. */
    public static List<Point> expand(String file, ObjectNode base, SweepSpec sweep, long specSeed, long maxRuns) {
        SpecValidator.validateSweep(file, sweep);
        check(file, sweep);
        long count = count(sweep);
        if (count > maxRuns) {
            throw new BadInputException(file, "sweep", "expected at most " + maxRuns + " runs (raise the limit with "
                    + "--max-runs), got " + (count == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : count)
                    + " (" + countedAs(sweep) + ")");
        }
        List<Setting> settings;
        SweepSpec.RandomSearch random = randomSearch(sweep);
        if (random != null) {
            settings = random(file, random, sweep.seed() == null ? specSeed : sweep.seed());
        } else {
            settings = grid(sweep.grid());
            if (sweep.variants() != null) settings = withVariants(file, sweep.variants(), settings);
        }
        return points(file, base, settings, seeds(file, sweep), 0);
    }

    /**
     * The runs of trial {@code trial} of an adaptive search, one per seed, labelled as random search labels its
     * trials ({@code trial=3,lr=0.01,seed=2}); {@code before} runs of earlier trials come first in the plan.
     */
    public static List<Point> trial(String file, ObjectNode base, Iterable<String> keys, List<Long> seeds, int trial,
            Map<String, JsonNode> values, int before) {
        for (String key : keys) unswept(file, "sweep.search.space." + key, key);
        Map<String, String> shortNames = shortNames(keys);
        List<String> parts = new ArrayList<>(List.of("trial=" + trial));
        values.forEach((key, value) -> parts.add(shortNames.get(key) + "=" + text(value)));
        return points(file, base, List.of(new Setting(parts, new LinkedHashMap<>(values), List.of())), seeds, before);
    }

    private static List<Point> points(String file, ObjectNode base, List<Setting> settings, List<Long> seeds, int before) {
        List<Point> points = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (Setting setting : settings) {
            String variant = setting.labelParts().isEmpty() ? "base" : String.join(",", setting.labelParts());
            for (Long seed : seeds.isEmpty() ? List.<Long>of(-1L) : seeds) {
                ObjectNode tree = base.deepCopy();
                for (ObjectNode patch : setting.patches()) apply(file, tree, patch);
                setting.values().forEach((key, value) -> {
                    // A variant's label is recorded with the values but is not a spec field.
                    if (!key.equals(VARIANT)) set(file, tree, key, value);
                });
                Map<String, JsonNode> values = new LinkedHashMap<>(setting.values());
                String label = variant;
                if (seed >= 0) {
                    tree.put("seed", seed);
                    values.put("seed", LongNode.valueOf(seed));
                    label = setting.labelParts().isEmpty() ? "seed=" + seed : variant + ",seed=" + seed;
                }
                if (!labels.add(label)) {
                    throw new BadInputException(file, "sweep", "two runs would have the label '" + label
                            + "'; give each variant a distinct label");
                }
                points.add(new Point(before + points.size() + 1, label, variant, values, tree));
            }
        }
        return points;
    }

    /** The random search, given as {@code random:} or as {@code search: {type: random}}; null for a grid. */
    static SweepSpec.RandomSearch randomSearch(SweepSpec sweep) {
        if (sweep.random() != null) return sweep.random();
        SweepSpec.Search search = sweep.search();
        if (search != null && search.type().equals(SweepSpec.Search.RANDOM)) {
            return new SweepSpec.RandomSearch(search.trials(), search.space());
        }
        return null;
    }

    /** The listed seeds, or for {@code {min, max}} the seeds 1..max; none when the sweep gives none. */
    static List<Long> seeds(String file, SweepSpec sweep) {
        SweepSpec.Seeds seeds = SpecValidator.seeds(file, sweep.seeds());
        if (seeds == null) return List.of();
        if (seeds.range() != null) return java.util.stream.LongStream.rangeClosed(1, seeds.range().max()).boxed().toList();
        return seeds.list();
    }

    /** How many seeds every trial gets before racing: min of {@code {min, max}}, else all of them. */
    static int minSeeds(String file, SweepSpec sweep) {
        SweepSpec.Seeds seeds = SpecValidator.seeds(file, sweep.seeds());
        if (seeds == null) return 1;
        return seeds.range() != null ? seeds.range().min() : seeds.list().size();
    }

    /** Fields named by issue #15 and validated, but not built yet: refused rather than silently ignored. */
    static void notYetBuilt(String file, SweepSpec sweep) {
        boolean tpe = sweep.search() != null && SweepSpec.Search.TPE.equals(sweep.search().type());
        if (!tpe && sweep.prune() != null && !sweep.prune().type().equals(SweepSpec.Prune.NONE)) {
            throw new BadInputException(file, "sweep.prune.type", sweep.prune().type()
                    + " pruning needs search type tpe in this build; use none");
        }
        SweepSpec.Seeds seeds = SpecValidator.seeds(file, sweep.seeds());
        if (!tpe && seeds != null && seeds.range() != null) {
            throw new BadInputException(file, "sweep.seeds", "seeds {min, max} (racing) needs search type tpe; list the seeds");
        }
    }

    /** How many runs the sweep plans, counted without expanding it (saturating at {@link Long#MAX_VALUE}). */
    public static long count(SweepSpec sweep) {
        long count = 1;
        SweepSpec.RandomSearch random = randomSearch(sweep);
        if (random != null) {
            count = random.trials() == null ? 1 : Math.max(1, random.trials());
        } else {
            if (sweep.grid() != null) {
                for (List<JsonNode> values : sweep.grid().values()) count = times(count, values == null ? 0 : values.size());
            }
            if (sweep.variants() != null) count = times(count, sweep.variants().size());
        }
        return sweep.seeds() == null ? count : times(count, sweep.seeds().size());
    }

    private static long times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String countedAs(SweepSpec sweep) {
        List<String> factors = new ArrayList<>();
        if (randomSearch(sweep) != null) {
            factors.add(randomSearch(sweep).trials() + " trials");
        } else {
            if (sweep.grid() != null) {
                List<String> sizes = new ArrayList<>();
                sweep.grid().values().forEach(v -> sizes.add(String.valueOf(v.size())));
                factors.add("grid " + String.join(" x ", sizes));
            }
            if (sweep.variants() != null) factors.add(sweep.variants().size() + " variants");
        }
        if (sweep.seeds() != null) factors.add(sweep.seeds().size() + " seeds");
        return String.join(" x ", factors);
    }

    private static void check(String file, SweepSpec sweep) {
        boolean searched = sweep.grid() != null || sweep.variants() != null;
        if (sweep.random() != null && searched) {
            throw new BadInputException(file, "sweep.random", "random search stands alone; remove grid and variants or random");
        }
        if (randomSearch(sweep) == null && !searched && sweep.seeds() == null) {
            throw new BadInputException(file, "sweep", "expected at least one of grid, variants, random, seeds");
        }
        if (sweep.search() != null && sweep.search().type().equals(SweepSpec.Search.TPE)) {
            throw new IllegalStateException("a tpe search is planned trial by trial (AdaptivePlan)");
        }
        notYetBuilt(file, sweep);
        if (sweep.grid() != null) {
            for (Map.Entry<String, List<JsonNode>> e : sweep.grid().entrySet()) {
                unswept(file, "sweep.grid." + e.getKey(), e.getKey());
                if (e.getValue() == null || e.getValue().isEmpty()) {
                    throw new BadInputException(file, "sweep.grid." + e.getKey(), "expected a non-empty list of values");
                }
            }
        }
    }

    private static void unswept(String file, String field, String key) {
        if (UNSWEPT.contains(key)) {
            throw new BadInputException(file, field, "'" + key + "' names the results folder of the whole sweep and cannot "
                    + "vary; the runs are told apart by their labels");
        }
    }

    private static List<Setting> grid(Map<String, List<JsonNode>> grid) {
        List<Setting> settings = new ArrayList<>();
        settings.add(new Setting(List.of(), new LinkedHashMap<>(), List.of()));
        if (grid == null) return settings;
        Map<String, String> shortNames = shortNames(grid.keySet());
        for (Map.Entry<String, List<JsonNode>> axis : grid.entrySet()) {
            List<Setting> next = new ArrayList<>();
            for (Setting s : settings) {
                for (JsonNode value : axis.getValue()) {
                    List<String> parts = new ArrayList<>(s.labelParts());
                    parts.add(shortNames.get(axis.getKey()) + "=" + text(value));
                    Map<String, JsonNode> values = new LinkedHashMap<>(s.values());
                    values.put(axis.getKey(), value);
                    next.add(new Setting(parts, values, s.patches()));
                }
            }
            settings = next;
        }
        return settings;
    }

    private static List<Setting> withVariants(String file, List<ObjectNode> variants, List<Setting> gridSettings) {
        List<Setting> settings = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            ObjectNode variant = variants.get(i).deepCopy();
            for (String key : UNSWEPT) {
                if (variant.has(key)) unswept(file, "sweep.variants[" + i + "]." + key, key);
            }
            JsonNode label = variant.remove("label");
            if (label == null || !label.isTextual() || label.asText().isBlank()) {
                throw new BadInputException(file, "sweep.variants[" + i + "].label", "expected a name for this variant, got "
                        + (label == null ? "nothing" : SpecFiles.describe(label)));
            }
            for (Setting g : gridSettings) {
                List<String> parts = new ArrayList<>();
                parts.add(label.asText());
                parts.addAll(g.labelParts());
                Map<String, JsonNode> values = new LinkedHashMap<>();
                values.put(VARIANT, TextNode.valueOf(label.asText()));
                values.putAll(g.values());
                settings.add(new Setting(parts, values, List.of(variant)));
            }
        }
        return settings;
    }

    private static List<Setting> random(String file, SweepSpec.RandomSearch search, long seed) {
        if (search.trials() == null || search.trials() < 1) {
            throw new BadInputException(file, "sweep.random.trials", "expected an integer >= 1, got " + search.trials());
        }
        if (search.space() == null || search.space().isEmpty()) {
            throw new BadInputException(file, "sweep.random.space", "expected at least one field to draw");
        }
        for (String key : search.space().keySet()) unswept(file, "sweep.random.space." + key, key);
        Map<String, String> shortNames = shortNames(search.space().keySet());
        List<Setting> settings = new ArrayList<>();
        int t = 0;
        for (Map<String, JsonNode> values : randomPoints(search.space(), search.trials(), seed)) {
            List<String> parts = new ArrayList<>(List.of("trial=" + ++t));
            values.forEach((key, value) -> parts.add(shortNames.get(key) + "=" + text(value)));
            settings.add(new Setting(parts, values, List.of()));
        }
        return settings;
    }

    /**
     * Random search's points: {@code trials} draws from a validated space with the sweep's seed, trial 1 first (also
     * what {@code djlab bench replay} replays as random search).
     */
    public static List<Map<String, JsonNode>> randomPoints(Map<String, SweepSpec.Distribution> space, int trials, long seed) {
        Random random = new Random(seed);
        List<Map<String, JsonNode>> points = new ArrayList<>();
        for (int t = 1; t <= trials; t++) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            space.forEach((key, d) -> values.put(key, new Dimension(key, d).draw(random)));
            points.add(values);
        }
        return points;
    }

    /** The last part of each dotted key, unless two keys share it. */
    static Map<String, String> shortNames(Iterable<String> keys) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String k : keys) counts.merge(last(k), 1, Integer::sum);
        Map<String, String> names = new LinkedHashMap<>();
        for (String k : keys) names.put(k, counts.get(last(k)) > 1 ? k : last(k));
        return names;
    }

    private static String last(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString().replace("\"", "");
    }

    /** A variant's fields: dotted keys replace that field, nested mappings merge into the spec. */
    private static void apply(String file, ObjectNode tree, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().contains(".")) {
                set(file, tree, f.getKey(), f.getValue());
            } else {
                ObjectNode one = tree.objectNode();
                one.set(f.getKey(), f.getValue());
                SpecFiles.merge(tree, one);
            }
        }
    }

    private static void set(String file, ObjectNode tree, String key, JsonNode value) {
        try {
            SpecFiles.set(tree, key, value.deepCopy());
        } catch (BadInputException e) {
            throw new BadInputException(file, "sweep: " + e.field(), e.problem());
        }
    }
}
