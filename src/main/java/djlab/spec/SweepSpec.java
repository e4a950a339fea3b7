package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The {@code sweep:} section of a spec. Keys of {@code grid}, {@code random.space}, {@code search.space} and of each
 * variant are dotted spec fields ({@code train.optimizer.lr}); a variant may also give nested mappings. Nothing here
 * is part of a run's id: the sweep section is removed before runs are resolved.
 *
 * @param seeds a list of seeds, or {@code {min, max}} (read by {@link SpecValidator#seeds})
 * @param seed draws random-search trials and seeds the adaptive search; defaults to the spec's seed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepSpec(
        Map<String, List<JsonNode>> grid,
        List<ObjectNode> variants,
        RandomSearch random,
        JsonNode seeds,
        Long seed,
        Search search,
        Objective objective,
        Prune prune) {

    public SweepSpec(Map<String, List<JsonNode>> grid, List<ObjectNode> variants, RandomSearch random, JsonNode seeds,
            Long seed) {
        this(grid, variants, random, seeds, seed, null, null, null);
    }

    /** {@code trials} points drawn from {@code space}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RandomSearch(Integer trials, Map<String, Distribution> space) {}

    /**
     * Exactly one of the fields: {@code uniform: [a, b]}, {@code log_uniform: [a, b]}, {@code int: [a, b]} (also
     * spelled {@code int_uniform}), {@code choice: [...]}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Distribution(List<Double> uniform, List<Double> logUniform, List<Integer> intUniform,
            @JsonProperty("int") List<Integer> intRange, List<JsonNode> choice) {

        public Distribution(List<Double> uniform, List<Double> logUniform, List<Integer> intUniform, List<JsonNode> choice) {
            this(uniform, logUniform, intUniform, null, choice);
        }

        /** The integer bounds, whichever spelling gave them. */
        public List<Integer> integers() {
            return intRange != null ? intRange : intUniform;
        }

        /** The name the bounds were given under, for messages. */
        public String integerName() {
            return intRange != null ? "int" : "int_uniform";
        }
    }

    /**
     * How the points are chosen: {@code grid} (the grid and variants, today's default), {@code random} (as
     * {@code random:}), {@code tpe} (the first {@code startup} trials drawn at random, then proposed by a
     * tree-structured Parzen estimator from the trials finished so far).
     *
     * @param inFlight tpe: trial k is proposed once trials 1..k-in_flight have finished, the ones between counted
     *     as pending; a constant of the spec (not of {@code --parallel}) so every process proposes the same trials
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Search(String type, Integer trials, Integer startup, Integer inFlight, Map<String, Distribution> space) {

        public static final String GRID = "grid";
        public static final String RANDOM = "random";
        public static final String TPE = "tpe";
        public static final List<String> TYPES = List.of(GRID, RANDOM, TPE);
        public static final int IN_FLIGHT = 4;
        public static final int STARTUP = 10;

        public int startupOrDefault() {
            return startup != null ? startup : Math.min(STARTUP, trials);
        }

        public int inFlightOrDefault() {
            return inFlight != null ? inFlight : IN_FLIGHT;
        }
    }

    /** What the adaptive search and pruning look at: an epoch metric, its mean over a trial's seeds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Objective(String metric, String mode) {

        public static final Objective DEFAULT = new Objective("validate_accuracy", "max");
        public static final List<String> MODES = List.of("max", "min");

        public boolean maximise() {
            return !"min".equals(modeOrDefault());
        }

        /** Accuracies are maximised, losses minimised, unless {@code mode} says otherwise. */
        public String modeOrDefault() {
            return mode != null ? mode : metric != null && metric.endsWith("loss") ? "min" : "max";
        }
    }

    /** Stopping weak trials early: at epochs {@code min_epochs * eta^k} (asha) or every epoch from min_epochs (median). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prune(String type, Integer minEpochs, Integer eta) {

        public static final String NONE = "none";
        public static final String ASHA = "asha";
        public static final String MEDIAN = "median";
        public static final List<String> TYPES = List.of(NONE, ASHA, MEDIAN);

        public int minEpochsOrDefault() {
            return minEpochs != null ? minEpochs : 1;
        }

        public int etaOrDefault() {
            return eta != null ? eta : 3;
        }
    }

    /** {@code seeds: {min, max}}: every trial gets min seeds, more up to max only while it races the best. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SeedRange(Integer min, Integer max) {}

    /** The seeds as read: a list, or a range for racing. */
    public record Seeds(List<Long> list, SeedRange range) {}
}
