package djlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that checks a bound spec's values: ranges, allowed names, and fields that do not apply to the
 * chosen kind. Whether the layers fit together is checked when the network is built ({@code djlab.model}).
 */
public final class SpecValidator {

    /** The built-in data sets (plug-ins add theirs: {@link djlab.plugin.Plugins#dataNames()}). */
    public static final List<String> DATASETS = java.util.Arrays.stream(djlab.data.DataSetKind.values())
            .filter(k -> k != djlab.data.DataSetKind.PLUGIN).map(djlab.data.DataSetKind::specName).toList();
    public static final List<String> MODEL_TYPES = List.of("mlp", "cnn", "lenet", "resnet", "layers");
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "leaky_relu", "gelu", "elu", "identity");
    public static final List<String> INITS = List.of("xavier", "kaiming", "normal", "uniform");
    public static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw", "adagrad", "rmsprop", "adadelta");
    public static final List<String> LOSSES = List.of("softmax_cross_entropy", "weighted_cross_entropy");
    public static final List<String> FLIPS = List.of("none", "horizontal", "vertical", "both");
    public static final List<String> SHORTCUTS = List.of("auto", "identity", "projection");
    public static final List<String> JOINS = List.of("concat", "heads");
    public static final List<String> REGIONS = List.of("top", "bottom", "left", "right", "all");
    public static final List<String> STEMS = List.of("small", "imagenet");
    public static final List<String> DECAY_EXCLUDES = List.of("bias", "batchnorm");
    public static final List<Integer> RESNET_DEPTHS = List.of(18, 34, 50, 101);
    /** Metrics every run records, per epoch; early stopping may watch any of them (and the top-k ones). */
    public static final List<String> METRICS = djlab.results.Metrics.PER_EPOCH;
    public static final List<String> SCHEDULES = List.of("constant", "step", "multistep", "exponential", "cosine");
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
        return dataset.equals("image-folder") || !DATASETS.contains(dataset) ? null : 10;
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
        boolean folder = data.dataset().equals("image-folder");
        if (folder) {
            if (data.dir() == null) {
                fail("data.dir", "required for image-folder: a folder of class sub-folders of images (or of train/ "
                        + "and test/ folders holding them), got nothing");
            }
            DataSpec.Image image = data.image();
            if (image.channels() != 1 && image.channels() != 3) {
                fail("data.image.channels", "expected 1 (grey) or 3 (colour), got " + image.channels());
            }
            between("data.image.height", image.height(), 1, 4096);
            between("data.image.width", image.width(), 1, 4096);
            if (data.testSplit() != null && !(data.testSplit() > 0 && data.testSplit() < 1)) {
                fail("data.test_split", "expected a fraction in (0, 1), got " + plain(data.testSplit()));
            }
        } else {
            if (data.image() != null) fail("data.image", "applies to image-folder only; " + data.dataset()
                    + " images have a fixed size");
            if (data.testSplit() != null) fail("data.test_split", "applies to image-folder only; " + data.dataset()
                    + " has its own test set");
        }
        checkTwoDigit(data);
        if (plugin) {
            // Channels and image size are the plug-in's: checked once its data is loaded (djlab.plugin.Provided).
            if (data.normalize() != null) checkNormalize(data, 0);
            if (data.augment() != null) checkAugment(data, Integer.MAX_VALUE);
            return;
        }
        long channels = folder ? data.image().channels() : data.dataset().equals("cifar10") ? 3 : 1;
        if (data.normalize() != null) checkNormalize(data, channels);
        if (data.augment() != null) checkAugment(data, folder ? Math.min(data.image().height(), data.image().width())
                : data.dataset().equals("cifar10") ? 32 : 28);
    }

    private void checkTwoDigit(DataSpec data) {
        DataSpec.TwoDigit t = data.twoDigit();
        if (t == null) return;
        if (!data.dataset().equals("two-digit-mnist")) {
            fail("data.two_digit", "applies to two-digit-mnist only, got data.dataset " + data.dataset());
        }
        between("data.two_digit.train", t.train(), 1, 10_000_000);
        between("data.two_digit.test", t.test(), 1, 10_000_000);
        between("data.two_digit.overlap", t.overlap(), 0, 27);
        atLeast("data.two_digit.seed", t.seed(), 0);
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

    private void checkAugment(DataSpec data, int side) {
        DataSpec.Augment a = data.augment();
        between("data.augment.shift", a.shift(), 0, side == Integer.MAX_VALUE ? side : side / 2 - 1);
        if (a.rotate() < 0 || a.rotate() > 180) fail("data.augment.rotate", "expected degrees in [0, 180], got " + plain(a.rotate()));
        if (a.zoom() < 0 || a.zoom() >= 1) fail("data.augment.zoom", "expected a fraction in [0, 1), got " + plain(a.zoom()));
        oneOf("data.augment.flip", a.flip(), FLIPS);
        if (!a.flip().equals("none") && (data.dataset().equals("mnist") || data.dataset().equals("two-digit-mnist"))) {
            fail("data.augment.flip", "a flipped digit is another shape (or no digit); flips make sense for "
                    + "fashion-mnist, cifar10 and image-folder, expected none");
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
        if (model.layers() != null) checkLayers("model.layers", model.layers());
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

    private void checkLayers(String at, List<LayerSpec> layers) {
        if (layers.isEmpty()) fail(at, "expected at least one layer, got an empty list");
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == null) {
                fail(at + "[" + i + "]", "expected a layer ({type: ..., ...}), got nothing");
            }
            checkLayer(at + "[" + i + "]", layers.get(i));
        }
    }

    private void checkInit(String at, InitSpec init, boolean top) {
        oneOf(at + ".type", init.type(), INITS);
        positive(at + ".std", init.std());
        positive(at + ".scale", init.scale());
        if (!"normal".equals(init.type()) && init.std() != null) fail(at + ".std", "applies to type normal only");
        if (!"uniform".equals(init.type()) && init.scale() != null) fail(at + ".scale", "applies to type uniform only");
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

    private void checkLayer(String at, LayerSpec layer) {
        if (layer instanceof LayerSpec.SeparableConv2d c) {
            required(at + ".channels", c.channels());
            atLeast(at + ".channels", c.channels(), 1);
            atLeast(at + ".kernel", c.kernel(), 1);
            atLeast(at + ".stride", c.stride(), 1);
            atLeast(at + ".padding", c.padding(), 0);
            if (c.activation() != null) oneOf(at + ".activation", c.activation(), ACTIVATIONS);
        } else if (layer instanceof LayerSpec.Residual r) {
            if (r.layers() == null) fail(at + ".layers", "required: the layers of the residual branch, got nothing");
            checkLayers(at + ".layers", r.layers());
            oneOf(at + ".shortcut", r.shortcut(), SHORTCUTS);
            oneOf(at + ".activation", r.activation(), ACTIVATIONS);
        } else if (layer instanceof LayerSpec.Crop c) {
            if (c.region() == null && c.rows() == null && c.cols() == null) {
                fail(at, "expected a region (" + String.join(", ", REGIONS) + ") or rows and/or cols [from, to), got nothing");
            }
            if (c.region() != null) oneOf(at + ".region", c.region(), REGIONS);
        } else if (layer instanceof LayerSpec.SplitHeads h) {
            required(at + ".heads", h.heads());
            atLeast(at + ".heads", h.heads(), 1);
        } else if (layer instanceof LayerSpec.Branches b) {
            oneOf(at + ".join", b.join(), JOINS);
            if (b.branches() == null || b.branches().isEmpty()) fail(at + ".branches", "expected at least one branch, got nothing");
            java.util.Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < b.branches().size(); i++) {
                LayerSpec.Branch branch = b.branches().get(i);
                String field = at + ".branches[" + i + "]";
                if (branch == null) fail(field, "expected a branch ({name: ..., layers: [...]}), got nothing");
                if (branch.name() != null && !names.add(branch.name())) fail(field + ".name", "'" + branch.name() + "' names two branches");
                if (branch.region() != null) oneOf(field + ".region", branch.region(), REGIONS);
                if (branch.layers() != null && branch.share() != null) fail(field, "give either layers or share, not both");
                if (branch.layers() == null && branch.share() == null) {
                    fail(field + ".layers", "required: the branch's layers (or share: the name of an earlier branch "
                            + "whose layers it applies), got nothing");
                }
                if (branch.share() != null && !names.contains(branch.share())) {
                    fail(field + ".share", "expected the name of an earlier branch, got '" + branch.share() + "'");
                }
                if (branch.layers() != null) checkLayers(field + ".layers", branch.layers());
            }
        } else if (layer instanceof LayerSpec.Dense d) {
            required(at + ".units", d.units());
            atLeast(at + ".units", d.units(), 1);
            if (d.activation() != null) oneOf(at + ".activation", d.activation(), ACTIVATIONS);
        } else if (layer instanceof LayerSpec.Conv2d c) {
            required(at + ".channels", c.channels());
            atLeast(at + ".channels", c.channels(), 1);
            atLeast(at + ".kernel", c.kernel(), 1);
            atLeast(at + ".stride", c.stride(), 1);
            atLeast(at + ".padding", c.padding(), 0);
            if (c.activation() != null) oneOf(at + ".activation", c.activation(), ACTIVATIONS);
        } else if (layer instanceof LayerSpec.MaxPool p) {
            pool(at, p.kernel(), p.stride(), p.padding());
        } else if (layer instanceof LayerSpec.AvgPool p) {
            pool(at, p.kernel(), p.stride(), p.padding());
        } else if (layer instanceof LayerSpec.Dropout d) {
            fraction(at + ".rate", d.rate());
        } else if (layer instanceof LayerSpec.Activation a) {
            required(at + ".function", a.function());
            oneOf(at + ".function", a.function(), ACTIVATIONS);
        }
    }

    private void pool(String at, int kernel, int stride, int padding) {
        atLeast(at + ".kernel", kernel, 1);
        atLeast(at + ".stride", stride, 1);
        atLeast(at + ".padding", padding, 0);
        if (padding * 2 > kernel) fail(at + ".padding", "expected at most half the kernel (" + kernel / 2 + "), got " + padding);
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
        boolean adamFamily = type.equals("adam") || type.equals("adamw");
        if (!type.equals("sgd") && !type.equals("rmsprop") && opt.momentum() != null) {
            fail("train.optimizer.momentum", "applies to sgd and rmsprop only" + (adamFamily ? " (adam has beta1)" : ""));
        }
        if (!type.equals("sgd") && opt.nesterov() != null) fail("train.optimizer.nesterov", "applies to sgd only");
        if (!adamFamily && (opt.beta1() != null || opt.beta2() != null)) {
            fail("train.optimizer", "beta1 and beta2 apply to adam and adamw only");
        }
        if (type.equals("sgd") && opt.epsilon() != null) {
            fail("train.optimizer", "beta1, beta2 and epsilon apply to adam and adamw only");
        }
        if (opt.rho() != null && !type.equals("rmsprop") && !type.equals("adadelta")) {
            fail("train.optimizer.rho", "applies to rmsprop and adadelta only");
        }
        fraction("train.optimizer.momentum", opt.momentum());
        if (Boolean.TRUE.equals(opt.nesterov()) && !(opt.momentum() > 0)) {
            fail("train.optimizer.nesterov", "needs momentum > 0, got momentum " + plain(opt.momentum()));
        }
        fraction("train.optimizer.beta1", opt.beta1());
        fraction("train.optimizer.beta2", opt.beta2());
        positive("train.optimizer.epsilon", opt.epsilon());
        fraction("train.optimizer.rho", opt.rho());
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
        if (data.dataset().equals("two-digit-mnist")) {
            // Two output heads: balanced weights and the extra metrics are defined for one label per image.
            if (loss != null && loss.type().equals("weighted_cross_entropy") && loss.weights() == null) {
                fail("train.loss.weights", "two-digit-mnist has two labels per image: give the weights (one per "
                        + "digit, used by both heads) rather than balanced ones");
            }
            if (train.metrics() != null && (train.metrics().topK() != null || Boolean.TRUE.equals(train.metrics().perClass()))) {
                fail("train.metrics", "top_k and per_class apply to data sets with one output head; two-digit-mnist "
                        + "records each head's accuracy and both digits right already");
            }
        }
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
        switch (s.type()) {
            case "multistep" -> {
                if (s.milestones() == null || s.milestones().isEmpty()) {
                    fail("train.schedule.milestones", "expected a list of increasing " + s.unit() + " counts, got nothing");
                }
                int previous = 0;
                for (int i = 0; i < s.milestones().size(); i++) {
                    int m = s.milestones().get(i);
                    if (m <= previous) {
                        fail("train.schedule.milestones[" + i + "]", "expected increasing positive counts, got " + m + " after " + previous);
                    }
                    previous = m;
                }
            }
            case "step" -> {
                required("train.schedule.step", s.step());
                atLeast("train.schedule.step", s.step(), 1);
            }
            default -> {
                if (s.milestones() != null) fail("train.schedule.milestones", "applies to multistep only");
                if (s.step() != null) fail("train.schedule.step", "applies to step only");
            }
        }
        if (!s.type().equals("cosine") && s.minLr() != null) fail("train.schedule.min_lr", "applies to cosine only");
        if (s.type().equals("constant") && s.gamma() != null) fail("train.schedule.gamma", "not used by a constant schedule");
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

    private void oneOf(String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            fail(field, "expected one of " + String.join(", ", allowed) + ", got '" + SpecFiles.excerpt(value, 60) + "'"
                    + Spellings.suggestion(value, allowed));
        }
    }

    private void between(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            fail(field, "expected an integer in [" + min + ", " + max + "], got " + value);
        }
    }

    private void required(String field, Object value) {
        if (value == null) fail(field, "required, got nothing");
    }

    private void atLeast(String field, Number value, double min) {
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

    private void positive(String field, Double value) {
        if (value != null && !(value > 0) || value != null && value.isInfinite()) {
            fail(field, "expected a number > 0, got " + plain(value));
        }
    }

    private void fraction(String field, Double value) {
        if (value != null && !(value >= 0 && value < 1)) {
            fail(field, "expected a number in [0, 1), got " + plain(value));
        }
    }

    private void fail(String field, String problem) {
        throw new SpecException(file, field, problem);
    }

    static String plain(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
