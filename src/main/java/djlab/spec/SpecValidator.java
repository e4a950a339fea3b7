package djlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.data.DataSetKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that checks a bound spec's values: ranges, allowed names, and fields that do not apply to the
 * chosen kind. The rules of one kind of layer, optimizer, schedule or data set live with that kind (its home), and
 * are run from here through {@link Checks}. Whether the layers fit together is checked when the network is built
 * ({@code djlab.model}).
 */
public final class SpecValidator implements Checks {

    /** The built-in data sets (plug-ins add theirs: {@link djlab.plugin.Plugins#dataNames()}). */
    public static final List<String> DATASETS = DataSetKind.NAMES;
    public static final List<String> MODEL_TYPES = List.of("mlp", "cnn", "lenet", "resnet", "layers");
    /** The activation functions, from their one home ({@link djlab.model.layers.Activations}). */
    public static final List<String> ACTIVATIONS = djlab.model.layers.Activations.NAMES;
    /** The weight initialisers, from their one home ({@link djlab.model.Initializers}). */
    public static final List<String> INITS = djlab.model.Initializers.NAMES;
    /** The optimizers, from their one home ({@link djlab.optim.OptimizerKind}). */
    public static final List<String> OPTIMIZERS = djlab.optim.OptimizerKind.NAMES;
    public static final List<String> LOSSES = List.of("softmax_cross_entropy", "weighted_cross_entropy");
    public static final List<String> FLIPS = List.of("none", "horizontal", "vertical", "both");
    public static final List<String> STEMS = List.of("small", "imagenet");
    /** The parameter kinds weight decay may leave out: every {@link djlab.optim.ParameterKind} but the weights. */
    public static final List<String> DECAY_EXCLUDES = java.util.Arrays.stream(djlab.optim.ParameterKind.values())
            .filter(k -> k != djlab.optim.ParameterKind.WEIGHT).map(djlab.optim.ParameterKind::specName).toList();
    public static final List<Integer> RESNET_DEPTHS = List.of(18, 34, 50, 101);
    /** Metrics every run records, per epoch; early stopping may watch any of them (and the top-k ones). */
    public static final List<String> METRICS = djlab.results.Metrics.PER_EPOCH;
    /** The schedules, from their one home ({@link djlab.train.ScheduleKind}). */
    public static final List<String> SCHEDULES = djlab.train.ScheduleKind.NAMES;
    public static final List<String> UNITS = List.of("iteration", "epoch");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern DEVICE = Pattern.compile("auto|cpu|gpu|gpu:\\d+");

    /** The longest name: it names a folder, and file systems allow 255 bytes for the whole name. */
    public static final int MAX_NAME = 128;

    private final String file;

    private SpecValidator(String file) {
        this.file = file;
    }

    public static void validate(String file, ExperimentSpec spec) {
        new SpecValidator(file).check(spec);
    }

    private void check(ExperimentSpec spec) {
        finite("", SpecFiles.toTree(spec));
        if (spec.name() == null) fail("name", "expected a name for the results folder, got nothing");
        if (!NAME.matcher(spec.name()).matches()) {
            fail("name", "expected letters, digits, '.', '_' or '-' (it names a folder), got '"
                    + SpecFiles.excerpt(spec.name(), 60) + "'");
        }
        if (spec.name().length() > MAX_NAME) {
            fail("name", "expected at most " + MAX_NAME + " characters (it names a folder), got "
                    + spec.name().length());
        }
        atLeast("seed", spec.seed(), 0);
        checkData(spec.data());
        checkModel(spec.model());
        checkTrain(spec.train());
        checkLearning(spec.data(), spec.train());
    }

    /**
     * Every number field at once, in the bound spec's own field names: NaN and the infinities slip through range
     * checks written as comparisons, and mean nothing to the engine.
     */
    private void finite(String at, com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            fail(at, "expected a finite number, got " + node.asText());
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> finite(at.isEmpty() ? f.getKey() : at + "." + f.getKey(), f.getValue()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) finite(at + "[" + i + "]", node.get(i));
        }
    }

    /**
     * Classes of the data sets that have a fixed number; null when it depends on the files (image-folder) or on a
     * plug-in.
     */
    static Integer classes(String dataset) {
        return DataSetKind.builtInOrPlugin(dataset).fixedClasses();
    }

    private void checkData(DataSpec data) {
        // The names come from the registry: the built-in data sets and the installed plug-ins.
        String unknown = djlab.plugin.Plugins.get().unknownDataSet(data.dataset());
        if (unknown != null) fail("data.dataset", unknown);
        boolean plugin = !DATASETS.contains(data.dataset());
        if (data.args() != null && !plugin) {
            fail("data.args", "applies to data sets from plug-ins; " + data.dataset() + " is built in");
        }
        double v = data.validation();
        if (v < 0 || (v >= 1 && v != Math.rint(v))) {
            fail("data.validation", "expected a fraction in [0, 1) or a whole count of records, got " + plain(v));
        }
        atLeast("data.limit.train", data.limit().train(), 1);
        atLeast("data.limit.test", data.limit().test(), 1);
        // The data set's own fields (an image folder's size, two-digit MNIST's generation) are its kind's to check.
        DataSetKind kind = DataSetKind.builtInOrPlugin(data.dataset());
        kind.check(data, this);
        if (plugin) {
            // Channels and image size are the plug-in's: checked once its data is loaded (djlab.plugin.Provided).
            if (data.normalize() != null) checkNormalize(data, 0);
            if (data.augment() != null) checkAugment(data, kind, Integer.MAX_VALUE);
            return;
        }
        long[] image = kind.imageShape(data);
        if (data.normalize() != null) checkNormalize(data, image[0]);
        if (data.augment() != null) checkAugment(data, kind, (int) Math.min(image[1], image[2]));
    }

    private void checkNormalize(DataSpec data, long channels) {
        DataSpec.Normalize n = data.normalize();
        if (n.mean() == null || n.std() == null) {
            fail("data.normalize", data.dataset() + " has no usual values: give mean and std (one per channel)");
        }
        for (String part : List.of("mean", "std")) {
            List<Double> values = part.equals("mean") ? n.mean() : n.std();
            if (channels > 0 && values.size() != channels && values.size() != 1) {
                fail("data.normalize." + part, "expected " + channels + " value" + (channels == 1 ? "" : "s")
                        + " (one per channel), got " + values.size());
            }
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) == null) fail("data.normalize." + part + "[" + i + "]", "expected a number, got nothing");
                if (part.equals("std")) positive("data.normalize.std[" + i + "]", values.get(i));
            }
        }
    }

    private void checkAugment(DataSpec data, DataSetKind kind, int side) {
        DataSpec.Augment a = data.augment();
        between("data.augment.shift", a.shift(), 0, side == Integer.MAX_VALUE ? side : side / 2 - 1);
        if (a.rotate() < 0 || a.rotate() > 180) fail("data.augment.rotate", "expected degrees in [0, 180], got " + plain(a.rotate()));
        if (a.zoom() < 0 || a.zoom() >= 1) fail("data.augment.zoom", "expected a fraction in [0, 1), got " + plain(a.zoom()));
        oneOf("data.augment.flip", a.flip(), FLIPS);
        if (!a.flip().equals("none") && !kind.flips()) {
            fail("data.augment.flip", "a flipped digit is another shape (or no digit); flips make sense for "
                    + Spellings.and(DataSetKind.flippable()) + ", expected none");
        }
    }

    private void checkModel(ModelSpec model) {
        if (model.provider() != null) {
            checkProvider(model);
            return;
        }
        if (model.args() != null) fail("model.args", "applies to model.provider only (a plug-in's network)");
        oneOf("model.type", model.type(), djlab.plugin.Plugins.get().modelTypes());
        if (model.type().equals("layers") && model.layers() == null) {
            fail("model.type", "'layers' is implied by giving model.layers; expected one of mlp, cnn, lenet, resnet");
        }
        if (model.layers() != null && !model.type().equals("layers")) {
            fail("model.layers", "give either a preset model.type (" + model.type() + ") or a list of layers, not both");
        }
        if (model.type().equals("lenet") || model.type().equals("layers") || model.type().equals("resnet")) {
            String why = switch (model.type()) {
                case "lenet" -> "lenet has fixed widths";
                case "resnet" -> "resnet's widths are model.width and model.blocks";
                default -> "they apply to presets";
            };
            if (model.hidden() != null) fail("model.hidden", "not used here (" + why + ")");
            if (model.dense() != null) fail("model.dense", "not used here (" + why + ")");
        }
        if (model.type().equals("mlp") && model.dense() != null) {
            fail("model.dense", "applies to cnn only; an mlp's widths are model.hidden");
        }
        if (!model.type().equals("cnn") && model.kernel() != null) fail("model.kernel", "applies to cnn only");
        checkResnet(model);
        eachAtLeast("model.hidden", model.hidden(), 1);
        eachAtLeast("model.dense", model.dense(), 1);
        atLeast("model.kernel", model.kernel(), 1);
        oneOf("model.activation", model.activation(), ACTIVATIONS);
        fraction("model.dropout", model.dropout());
        checkInit("model.init", model.init(), true);
        if (model.layers() != null) layers("model.layers", model.layers());
    }

    /** A plug-in's network takes its knobs from model.args only; its name must be installed. */
    private void checkProvider(ModelSpec model) {
        String problem = djlab.plugin.Plugins.get().unknownModelProvider(model.provider());
        if (problem != null) fail("model.provider", problem);
        ModelSpec bare = ModelSpec.provider(model.provider(), model.args());
        if (!bare.equals(model)) {
            java.util.Map<String, Object> given = SpecFiles.json().convertValue(model, MAP);
            given.keySet().removeAll(List.of("provider", "args"));
            fail("model." + given.keySet().iterator().next(), "not used with model.provider (a plug-in's knobs go in "
                    + "model.args), expected only provider and args");
        }
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    /** Each layer by its kind's own checks ({@link djlab.model.layers.LayerKinds}), nested layers too. */
    @Override
    public void layers(String at, List<LayerSpec> layers) {
        if (layers.isEmpty()) fail(at, "expected at least one layer, got an empty list");
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == null) {
                fail(at + "[" + i + "]", "expected a layer ({type: ..., ...}), got nothing");
            }
            djlab.model.layers.LayerKinds.check(layers.get(i), at + "[" + i + "]", this);
        }
    }

    @Override
    public void activation(String field, String name) {
        oneOf(field, name, ACTIVATIONS);
    }

    private void checkInit(String at, InitSpec init, boolean top) {
        oneOf(at + ".type", init.type(), INITS);
        positive(at + ".std", init.std());
        positive(at + ".scale", init.scale());
        for (String field : List.of("std", "scale")) {
            Double value = field.equals("std") ? init.std() : init.scale();
            if (value != null && djlab.model.Initializers.usual(init.type(), field) == null) {
                fail(at + "." + field, "applies to type " + djlab.model.Initializers.takers(field) + " only");
            }
        }
        if (!top && (init.conv() != null || init.dense() != null)) {
            fail(at, "conv and dense go directly under model.init, not inside another kind");
        }
        if (init.conv() != null) checkInit(at + ".conv", init.conv(), false);
        if (init.dense() != null) checkInit(at + ".dense", init.dense(), false);
    }

    private void checkResnet(ModelSpec model) {
        boolean resnet = model.type().equals("resnet");
        if (!resnet) {
            for (String field : List.of("depth", "blocks", "bottleneck", "width", "stem")) {
                Object value = switch (field) {
                    case "depth" -> model.depth();
                    case "blocks" -> model.blocks();
                    case "bottleneck" -> model.bottleneck();
                    case "width" -> model.width();
                    default -> model.stem();
                };
                if (value != null) fail("model." + field, "applies to resnet only");
            }
            return;
        }
        if (model.depth() != null && !RESNET_DEPTHS.contains(model.depth())) {
            fail("model.depth", "expected one of 18, 34, 50, 101 (or leave it out and give model.blocks), got "
                    + model.depth());
        }
        if (model.blocks().isEmpty() || model.blocks().size() > 6) {
            fail("model.blocks", "expected 1 to 6 stages (blocks per stage), got " + model.blocks().size());
        }
        eachAtLeast("model.blocks", model.blocks(), 1);
        atLeast("model.width", model.width(), 1);
        oneOf("model.stem", model.stem(), STEMS);
    }

    private void checkTrain(TrainSpec train) {
        atLeast("train.epochs", train.epochs(), 1);
        atLeast("train.batch_size", train.batchSize(), 1);
        atLeast("train.log_every", train.logEvery(), 1);
        if (train.evalEvery() != null) {
            atLeast("train.eval_every", train.evalEvery(), 1);
            // Evaluations land in the rows of iterations.csv, which are written every log_every iterations.
            if (train.evalEvery() % train.logEvery() != 0) {
                fail("train.eval_every", "expected a multiple of train.log_every (" + train.logEvery() + "), got "
                        + train.evalEvery());
            }
        }
        if (train.iterationsTo() != null) {
            List<Double> thresholds = train.iterationsTo();
            if (thresholds.isEmpty()) fail("train.iterations_to", "expected at least one accuracy in (0, 1], got []");
            for (int i = 0; i < thresholds.size(); i++) {
                Double t = thresholds.get(i);
                if (t == null || !(t > 0 && t <= 1)) {
                    fail("train.iterations_to[" + i + "]", "expected an accuracy in (0, 1], got " + plain(t));
                }
            }
        }
        if (!DEVICE.matcher(train.device()).matches()) {
            fail("train.device", "expected auto, cpu, gpu or gpu:N, got '" + train.device() + "'");
        }
        checkOptimizer(train.optimizer());
        checkSchedule(train.schedule());
    }

    private void checkOptimizer(OptimizerSpec opt) {
        String type = opt.type();
        oneOf("train.optimizer.type", type, OPTIMIZERS);
        positive("train.optimizer.lr", opt.lr());
        atLeast("train.optimizer.weight_decay", opt.weightDecay(), 0.0);
        djlab.optim.OptimizerKind.check(opt, this);
        if (opt.weightDecayExclude() != null) {
            List<String> kinds = opt.weightDecayExclude();
            for (int i = 0; i < kinds.size(); i++) {
                oneOf("train.optimizer.weight_decay_exclude[" + i + "]", kinds.get(i), DECAY_EXCLUDES);
                if (kinds.indexOf(kinds.get(i)) != i) {
                    fail("train.optimizer.weight_decay_exclude[" + i + "]", "'" + kinds.get(i) + "' is listed twice");
                }
            }
        }
    }

    /** Loss, clipping, early stopping and metrics: some depend on the data set (classes, validation split). */
    private void checkLearning(DataSpec data, TrainSpec train) {
        Integer classes = classes(data.dataset());
        TrainSpec.LossSpec loss = train.loss();
        if (loss != null) {
            oneOf("train.loss.type", loss.type(), LOSSES);
            if (!(loss.labelSmoothing() >= 0 && loss.labelSmoothing() < 1)) {
                fail("train.loss.label_smoothing", "expected a number in [0, 1), got " + plain(loss.labelSmoothing()));
            }
            if (loss.weights() != null) {
                if (!loss.type().equals("weighted_cross_entropy")) {
                    fail("train.loss.weights", "applies to weighted_cross_entropy only");
                }
                if (classes != null && loss.weights().size() != classes) {
                    fail("train.loss.weights", "expected one weight per class (" + classes + "), got "
                            + loss.weights().size());
                }
                for (int i = 0; i < loss.weights().size(); i++) {
                    if (loss.weights().get(i) == null) fail("train.loss.weights[" + i + "]", "expected a number, got nothing");
                    positive("train.loss.weights[" + i + "]", loss.weights().get(i));
                }
            }
        }
        DataSetKind.builtInOrPlugin(data.dataset()).checkTraining(data, train, this);
        TrainSpec.ClipSpec clip = train.clip();
        if (clip != null) {
            if (clip.value() == null && clip.norm() == null) {
                fail("train.clip", "expected value (clip each element) or norm (clip the global norm), or both");
            }
            positive("train.clip.value", clip.value());
            positive("train.clip.norm", clip.norm());
        }
        TrainSpec.MetricsSpec metrics = train.metrics();
        if (metrics != null && metrics.topK() != null) {
            atLeast("train.metrics.top_k", metrics.topK(), 2);
            if (classes != null && metrics.topK() >= classes) {
                fail("train.metrics.top_k", "expected fewer than the " + classes + " classes, got " + metrics.topK());
            }
        }
        TrainSpec.CheckpointSpec checkpoint = train.checkpoint();
        if (checkpoint != null) {
            atLeast("train.checkpoint.every", checkpoint.every(), 1);
            oneOf("train.checkpoint.unit", checkpoint.unit(), UNITS);
        }
        TrainSpec.EarlyStoppingSpec stop = train.earlyStopping();
        if (stop != null) {
            List<String> allowed = new java.util.ArrayList<>(METRICS);
            if (metrics != null && metrics.topK() != null) {
                allowed.add("validate_top" + metrics.topK() + "_accuracy");
                allowed.add("test_top" + metrics.topK() + "_accuracy");
            }
            if (!allowed.contains(stop.metric()) && stop.metric().matches("(validate|test)_top\\d+_accuracy")) {
                fail("train.early_stopping.metric", "'" + stop.metric() + "' is recorded only with train.metrics.top_k "
                        + stop.metric().replaceAll("\\D", "") + "; set it, or watch one of " + String.join(", ", allowed));
            }
            oneOf("train.early_stopping.metric", stop.metric(), allowed);
            if (stop.metric().startsWith("validate_") && data.validation() == 0) {
                fail("train.early_stopping.metric", "'" + stop.metric() + "' needs a validation set, but "
                        + "data.validation is 0; watch another metric or hold out records");
            }
            atLeast("train.early_stopping.patience", stop.patience(), 1);
            atLeast("train.early_stopping.min_delta", stop.minDelta(), 0.0);
        }
    }

    private void checkSchedule(ScheduleSpec s) {
        oneOf("train.schedule.type", s.type(), SCHEDULES);
        oneOf("train.schedule.unit", s.unit(), UNITS);
        atLeast("train.schedule.warmup", s.warmup(), 0);
        if (s.gamma() != null && (s.gamma() <= 0 || s.gamma() > 1)) {
            fail("train.schedule.gamma", "expected a number in (0, 1], got " + plain(s.gamma()));
        }
        atLeast("train.schedule.min_lr", s.minLr(), 0.0);
        djlab.train.ScheduleKind.check(s, this);
    }

    /**
     * The sweep section's search, objective, pruning and seeds. Which fields combine (random or tpe stand alone,
     * startup only for tpe, eta only for asha) and every distribution's bounds; the runs themselves are validated
     * one by one as the plan is built.
     */
    public static void validateSweep(String file, SweepSpec sweep) {
        new SpecValidator(file).checkSweep(sweep);
    }

    private void checkSweep(SweepSpec sweep) {
        boolean searched = sweep.grid() != null || sweep.variants() != null;
        SweepSpec.Search search = sweep.search();
        if (search != null) {
            required("sweep.search.type", search.type());
            oneOf("sweep.search.type", search.type(), SweepSpec.Search.TYPES);
            boolean drawn = !search.type().equals(SweepSpec.Search.GRID);
            if (!drawn) {
                if (search.trials() != null) fail("sweep.search.trials", "applies to random and tpe only");
                if (search.space() != null) fail("sweep.search.space", "applies to random and tpe only; a grid is given by sweep.grid");
            } else {
                if (sweep.random() != null) fail("sweep.random", "give the space once: sweep.search.space, or sweep.random without sweep.search");
                if (searched) fail("sweep.search.type", search.type() + " search stands alone; remove grid and variants or use type: grid");
                if (search.trials() == null || search.trials() < 1) {
                    fail("sweep.search.trials", "expected an integer >= 1, got " + search.trials());
                }
                if (search.space() == null || search.space().isEmpty()) fail("sweep.search.space", "expected at least one field to draw");
                search.space().forEach((key, d) -> distribution("sweep.search.space." + key, d));
            }
            if (!search.type().equals(SweepSpec.Search.TPE)) {
                if (search.startup() != null) fail("sweep.search.startup", "applies to tpe only");
                if (search.inFlight() != null) fail("sweep.search.in_flight", "applies to tpe only");
            } else {
                if (search.startup() != null && (search.startup() < 1 || search.startup() > search.trials())) {
                    fail("sweep.search.startup", "expected an integer in [1, trials = " + search.trials() + "], got " + search.startup());
                }
                between("sweep.search.in_flight", search.inFlight(), 1, 1000);
            }
        }
        if (sweep.random() != null && sweep.random().space() != null) {
            sweep.random().space().forEach((key, d) -> distribution("sweep.random.space." + key, d));
        }
        SweepSpec.Objective objective = sweep.objective();
        if (objective != null) {
            required("sweep.objective.metric", objective.metric());
            oneOf("sweep.objective.metric", objective.metric(), METRICS);
            if (objective.mode() != null) oneOf("sweep.objective.mode", objective.mode(), SweepSpec.Objective.MODES);
        }
        SweepSpec.Prune prune = sweep.prune();
        if (prune != null) {
            required("sweep.prune.type", prune.type());
            oneOf("sweep.prune.type", prune.type(), SweepSpec.Prune.TYPES);
            if (prune.type().equals(SweepSpec.Prune.NONE)) {
                if (prune.minEpochs() != null) fail("sweep.prune.min_epochs", "not used when type is none");
            }
            if (!prune.type().equals(SweepSpec.Prune.ASHA) && prune.eta() != null) fail("sweep.prune.eta", "applies to asha only");
            between("sweep.prune.min_epochs", prune.minEpochs(), 1, 1_000_000);
            between("sweep.prune.eta", prune.eta(), 2, 1000);
        }
        seeds(file, sweep.seeds());
    }

    /** One distribution of a random or tpe space: exactly one kind, with bounds in order. */
    private void distribution(String field, SweepSpec.Distribution d) {
        int given = (d.uniform() != null ? 1 : 0) + (d.logUniform() != null ? 1 : 0) + (d.intUniform() != null ? 1 : 0)
                + (d.intRange() != null ? 1 : 0) + (d.choice() != null ? 1 : 0);
        if (given != 1) fail(field, "expected exactly one of uniform, log_uniform, int, choice");
        if (d.choice() != null) {
            if (d.choice().isEmpty()) fail(field + ".choice", "expected a non-empty list");
            return;
        }
        if (d.integers() != null) {
            bounds(field + "." + d.integerName(), d.integers());
            return;
        }
        boolean log = d.logUniform() != null;
        List<Double> r = log ? d.logUniform() : d.uniform();
        bounds(field + (log ? ".log_uniform" : ".uniform"), r);
        if (log && r.get(0) <= 0) fail(field + ".log_uniform", "expected bounds > 0, got " + r.get(0));
    }

    private <T extends Comparable<T>> void bounds(String field, List<T> bounds) {
        if (bounds.size() != 2 || bounds.get(0) == null || bounds.get(1) == null || bounds.get(0).compareTo(bounds.get(1)) > 0) {
            fail(field, "expected [low, high] with low <= high, got " + bounds);
        }
    }

    /**
     * {@code sweep.seeds}: a list of distinct integers >= 0, or {@code {min, max}} with 1 <= min <= max; null when
     * absent.
     */
    public static SweepSpec.Seeds seeds(String file, JsonNode node) {
        if (node == null || node.isNull()) return null;
        SpecValidator v = new SpecValidator(file);
        if (node.isObject()) {
            SweepSpec.SeedRange range = SpecFiles.convert(file, node, SweepSpec.SeedRange.class, "sweep.seeds.");
            v.required("sweep.seeds.min", range.min());
            v.required("sweep.seeds.max", range.max());
            v.atLeast("sweep.seeds.min", range.min(), 1);
            if (range.max() < range.min()) {
                v.fail("sweep.seeds.max", "expected an integer >= min = " + range.min() + ", got " + range.max());
            }
            return new SweepSpec.Seeds(null, range);
        }
        if (!node.isArray()) {
            v.fail("sweep.seeds", "expected a list of seeds or {min, max}, got " + SpecFiles.describe(node));
        }
        if (node.isEmpty()) v.fail("sweep.seeds", "expected a list of seeds, got an empty list");
        List<Long> seeds = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            if (!s.canConvertToExactIntegral() || s.asLong() < 0) {
                v.fail("sweep.seeds[" + i + "]", "expected an integer >= 0, got " + SpecFiles.describe(s));
            }
            if (!seen.add(s.asLong())) v.fail("sweep.seeds[" + i + "]", "seed " + s.asLong() + " is listed twice");
            seeds.add(s.asLong());
        }
        return new SweepSpec.Seeds(seeds, null);
    }

    @Override
    public void oneOf(String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            fail(field, "expected one of " + String.join(", ", allowed) + ", got '" + SpecFiles.excerpt(value, 60) + "'"
                    + Spellings.suggestion(value, allowed));
        }
    }

    @Override
    public void between(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            fail(field, "expected an integer in [" + min + ", " + max + "], got " + value);
        }
    }

    @Override
    public void required(String field, Object value) {
        if (value == null) fail(field, "required, got nothing");
    }

    @Override
    public void atLeast(String field, Number value, double min) {
        if (value != null && value.doubleValue() < min) {
            fail(field, "expected " + (value instanceof Double ? "a number" : "an integer") + " >= " + plain(min)
                    + ", got " + plain(value.doubleValue()));
        }
    }

    private void eachAtLeast(String field, List<Integer> values, int min) {
        if (values == null) return;
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) fail(field + "[" + i + "]", "expected an integer >= " + min + ", got nothing");
            atLeast(field + "[" + i + "]", values.get(i), min);
        }
    }

    @Override
    public void positive(String field, Double value) {
        if (value != null && !(value > 0) || value != null && value.isInfinite()) {
            fail(field, "expected a number > 0, got " + plain(value));
        }
    }

    @Override
    public void fraction(String field, Double value) {
        if (value != null && !(value >= 0 && value < 1)) {
            fail(field, "expected a number in [0, 1), got " + plain(value));
        }
    }

    @Override
    public void fail(String field, String problem) {
        throw new BadInputException(file, field, problem);
    }

    /** A number as a spec would write it: {@code 3}, not {@code 3.0}. */
    public static String plain(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
