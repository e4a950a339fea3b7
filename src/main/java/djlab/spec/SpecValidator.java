package djlab.spec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one place that checks a bound spec's values: ranges, allowed names, and fields that do not apply to the
 * chosen kind. Whether the layers fit together is checked when the network is built ({@code djlab.model}).
 */
public final class SpecValidator {

    public static final List<String> DATASETS = List.of("mnist", "fashion-mnist");
    public static final List<String> MODEL_TYPES = List.of("mlp", "cnn", "lenet", "layers");
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "leaky_relu", "gelu", "elu", "identity");
    public static final List<String> INITS = List.of("xavier", "kaiming", "normal", "uniform");
    public static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw");
    public static final List<String> SCHEDULES = List.of("constant", "step", "multistep", "exponential", "cosine");
    public static final List<String> UNITS = List.of("iteration", "epoch");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern DEVICE = Pattern.compile("auto|cpu|gpu|gpu:\\d+");

    private final String file;

    private SpecValidator(String file) {
        this.file = file;
    }

    public static void validate(String file, ExperimentSpec spec) {
        new SpecValidator(file).check(spec);
    }

    private void check(ExperimentSpec spec) {
        if (spec.name() == null) fail("name", "expected a name for the results folder, got nothing");
        if (!NAME.matcher(spec.name()).matches()) {
            fail("name", "expected letters, digits, '.', '_' or '-' (it names a folder), got '" + spec.name() + "'");
        }
        atLeast("seed", spec.seed(), 0);
        checkData(spec.data());
        checkModel(spec.model());
        checkTrain(spec.train());
    }

    private void checkData(DataSpec data) {
        oneOf("data.dataset", data.dataset(), DATASETS);
        double v = data.validation();
        if (v < 0 || (v >= 1 && v != Math.rint(v))) {
            fail("data.validation", "expected a fraction in [0, 1) or a whole count of records, got " + plain(v));
        }
        atLeast("data.limit.train", data.limit().train(), 1);
        atLeast("data.limit.test", data.limit().test(), 1);
    }

    private void checkModel(ModelSpec model) {
        oneOf("model.type", model.type(), MODEL_TYPES);
        if (model.type().equals("layers") && model.layers() == null) {
            fail("model.type", "'layers' is implied by giving model.layers; expected one of mlp, cnn, lenet");
        }
        if (model.layers() != null && !model.type().equals("layers")) {
            fail("model.layers", "give either a preset model.type (" + model.type() + ") or a list of layers, not both");
        }
        if (model.type().equals("lenet") || model.type().equals("layers")) {
            String why = model.type().equals("lenet") ? "lenet has fixed widths" : "they apply to presets";
            if (model.hidden() != null) fail("model.hidden", "not used here (" + why + ")");
            if (model.dense() != null) fail("model.dense", "not used here (" + why + ")");
        }
        if (model.type().equals("mlp") && model.dense() != null) {
            fail("model.dense", "applies to cnn only; an mlp's widths are model.hidden");
        }
        if (!model.type().equals("cnn") && model.kernel() != null) fail("model.kernel", "applies to cnn only");
        eachAtLeast("model.hidden", model.hidden(), 1);
        eachAtLeast("model.dense", model.dense(), 1);
        atLeast("model.kernel", model.kernel(), 1);
        oneOf("model.activation", model.activation(), ACTIVATIONS);
        fraction("model.dropout", model.dropout());
        InitSpec init = model.init();
        oneOf("model.init.type", init.type(), INITS);
        positive("model.init.std", init.std());
        positive("model.init.scale", init.scale());
        if (model.layers() != null) {
            if (model.layers().isEmpty()) fail("model.layers", "expected at least one layer, got an empty list");
            for (int i = 0; i < model.layers().size(); i++) {
                if (model.layers().get(i) == null) {
                    fail("model.layers[" + i + "]", "expected a layer ({type: ..., ...}), got nothing");
                }
                checkLayer("model.layers[" + i + "]", model.layers().get(i));
            }
        }
    }

    private void checkLayer(String at, LayerSpec layer) {
        if (layer instanceof LayerSpec.Dense d) {
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
        if (!DEVICE.matcher(train.device()).matches()) {
            fail("train.device", "expected auto, cpu, gpu or gpu:N, got '" + train.device() + "'");
        }
        OptimizerSpec opt = train.optimizer();
        oneOf("train.optimizer.type", opt.type(), OPTIMIZERS);
        positive("train.optimizer.lr", opt.lr());
        atLeast("train.optimizer.weight_decay", opt.weightDecay(), 0.0);
        if (!opt.type().equals("sgd")) {
            if (opt.momentum() != null) fail("train.optimizer.momentum", "applies to sgd only (adam has beta1)");
            if (opt.nesterov() != null) fail("train.optimizer.nesterov", "applies to sgd only");
        } else {
            if (opt.beta1() != null || opt.beta2() != null || opt.epsilon() != null) {
                fail("train.optimizer", "beta1, beta2 and epsilon apply to adam and adamw only");
            }
            fraction("train.optimizer.momentum", opt.momentum());
            if (opt.nesterov()) fail("train.optimizer.nesterov", "not available yet on the PyTorch engine; expected false");
        }
        fraction("train.optimizer.beta1", opt.beta1());
        fraction("train.optimizer.beta2", opt.beta2());
        positive("train.optimizer.epsilon", opt.epsilon());
        checkSchedule(train.schedule());
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

    private void oneOf(String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            fail(field, "expected one of " + String.join(", ", allowed) + ", got '" + value + "'"
                    + Spellings.suggestion(value, allowed));
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
