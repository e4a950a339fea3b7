package djlab.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import djlab.spec.Checks;
import djlab.spec.OptimizerSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The optimizers a spec can name ({@code train.optimizer.type}), each with the fields it takes, its own checks and
 * its DJL optimizer: DJL's own adam and adamw, ours for SGD (DJL's formula in fewer passes over memory), Nesterov,
 * AdaGrad, RMSProp and AdaDelta, and its defaults (which also say which optional fields it takes). A new optimizer is
 * one constant here (and its record's fields in {@link OptimizerSpec} if it brings new ones).
 */
public enum OptimizerKind {
    SGD("sgd", new Defaults(0.1, 0.0, 0.0, false, null, null, null, null)) {
        @Override
        void checkOwn(OptimizerSpec spec, Checks checks) {
            if (spec.epsilon() != null) {
                checks.fail("train.optimizer", "beta1, beta2 and epsilon apply to adam and adamw only");
            }
        }

        @Override
        Optimizer build(OptimizerSpec spec, Tracker lr, DecayPolicy policy, float builtInDecay) {
            return spec.nesterov()
                    ? new NesterovSgd(lr, policy, spec.momentum().floatValue())
                    : new MomentumSgd(lr, policy, spec.momentum().floatValue());
        }

        @Override
        int stateSlots(OptimizerSpec spec) {
            return momentum(spec) ? 1 : 0;
        }
    },
    ADAM("adam", new Defaults(0.001, 0.0, null, null, 0.9, 0.999, 1e-8, null)) {
        @Override
        int stateSlots(OptimizerSpec spec) {
            return 2;
        }

        @Override
        Optimizer build(OptimizerSpec spec, Tracker lr, DecayPolicy policy, float builtInDecay) {
            return owned(Optimizer.adam().optLearningRateTracker(lr).optWeightDecays(builtInDecay)
                    .optBeta1(spec.beta1().floatValue()).optBeta2(spec.beta2().floatValue())
                    .optEpsilon(spec.epsilon().floatValue()));
        }
    },
    ADAMW("adamw", new Defaults(0.001, 0.01, null, null, 0.9, 0.999, 1e-8, null)) {
        @Override
        int stateSlots(OptimizerSpec spec) {
            return 2;
        }

        @Override
        Optimizer build(OptimizerSpec spec, Tracker lr, DecayPolicy policy, float builtInDecay) {
            return owned(Optimizer.adamW().optLearningRateTracker(lr).optWeightDecays(builtInDecay)
                    .optBeta1(spec.beta1().floatValue()).optBeta2(spec.beta2().floatValue())
                    .optEpsilon(spec.epsilon().floatValue()));
        }

        @Override
        public boolean decoupledDecay() {
            return true;
        }
    },
    ADAGRAD("adagrad", new Defaults(0.01, 0.0, null, null, null, null, 1e-10, null)) {
        @Override
        Optimizer build(OptimizerSpec spec, Tracker lr, DecayPolicy policy, float builtInDecay) {
            return new Adagrad(lr, policy, spec.epsilon().floatValue());
        }
    },
    RMSPROP("rmsprop", new Defaults(0.01, 0.0, 0.0, null, null, null, 1e-8, 0.99)) {
        @Override
        int stateSlots(OptimizerSpec spec) {
            return momentum(spec) ? 2 : 1;
        }

        @Override
        Optimizer build(OptimizerSpec spec, Tracker lr, DecayPolicy policy, float builtInDecay) {
            return new RmsProp(lr, policy, spec.rho().floatValue(), spec.momentum().floatValue(),
                    spec.epsilon().floatValue());
        }
    },
    ADADELTA("adadelta", new Defaults(1.0, 0.0, null, null, null, null, 1e-6, 0.9)) {
        @Override
        int stateSlots(OptimizerSpec spec) {
            return 2;
        }

        @Override
        Optimizer build(OptimizerSpec spec, Tracker lr, DecayPolicy policy, float builtInDecay) {
            return new Adadelta(lr, policy, spec.rho().floatValue(), spec.epsilon().floatValue());
        }
    };

    /** Every name, in the order errors list them. */
    public static final List<String> NAMES = Arrays.stream(values()).map(OptimizerKind::specName).toList();

    private final String specName;
    private final Defaults defaults;

    OptimizerKind(String specName, Defaults defaults) {
        this.specName = specName;
        this.defaults = defaults;
    }

    /**
     * A kind's defaults, filled in by {@link OptimizerSpec}; an optional field without a default (null) is one the
     * kind does not take. PyTorch's values for adagrad, rmsprop and adadelta.
     */
    public record Defaults(double lr, double weightDecay, Double momentum, Boolean nesterov, Double beta1,
            Double beta2, Double epsilon, Double rho) {}

    /** For a name that is no optimizer: the validator rejects it, so only lr and weight decay need a value. */
    private static final Defaults NONE = new Defaults(0.1, 0.0, null, null, null, null, null, null);

    /** The defaults of the optimizer named {@code type}. */
    public static Defaults defaults(String type) {
        for (OptimizerKind kind : values()) {
            if (kind.specName.equals(type)) return kind.defaults;
        }
        return NONE;
    }

    /** Whether the kind takes an optional field: the fields it has a default for. */
    private boolean takes(String field) {
        Object value = switch (field) {
            case "momentum" -> defaults.momentum();
            case "nesterov" -> defaults.nesterov();
            case "beta1" -> defaults.beta1();
            case "beta2" -> defaults.beta2();
            case "epsilon" -> defaults.epsilon();
            case "rho" -> defaults.rho();
            default -> throw new IllegalArgumentException(field);
        };
        return value != null;
    }

    public String specName() {
        return specName;
    }

    /** The optimizer named {@code type}, which the validator has checked. */
    public static OptimizerKind named(String type) {
        for (OptimizerKind kind : values()) {
            if (kind.specName.equals(type)) return kind;
        }
        throw new IllegalArgumentException("unknown optimizer '" + type + "'");
    }

    /** The kind's own checks, beyond the fields it takes. */
    void checkOwn(OptimizerSpec spec, Checks checks) {}

    /**
     * The DJL optimizer. {@code policy} is the spec's weight decay (ours apply its exclusions themselves);
     * {@code builtInDecay} the decay for DJL's own, 0 when the exclusions are applied around them.
     */
    abstract Optimizer build(OptimizerSpec spec, Tracker lr, DecayPolicy policy, float builtInDecay);

    /** Whether weight decay is decoupled from the gradient (adamw), as {@link DecayMasked} must know. */
    public boolean decoupledDecay() {
        return false;
    }

    /** Values the optimizer keeps per parameter (momentum, moment estimates), for the memory estimate. */
    int stateSlots(OptimizerSpec spec) {
        return 1;
    }

    private static boolean momentum(OptimizerSpec spec) {
        return spec.momentum() != null && spec.momentum() > 0;
    }

    /** Values {@code spec}'s optimizer keeps per parameter; 1 for a spec without one (or a name not checked yet). */
    public static int stateSlotsOf(OptimizerSpec spec) {
        if (spec == null) return 1;
        for (OptimizerKind kind : values()) {
            if (kind.specName.equals(spec.type())) return kind.stateSlots(spec);
        }
        return 1;
    }

    /**
     * Checks the fields that depend on the optimizer (the validator has checked the name): a field the kind does
     * not take names the kinds that do, then the kind's own rules.
     */
    public static void check(OptimizerSpec spec, Checks checks) {
        OptimizerKind kind = named(spec.type());
        if (spec.momentum() != null && !kind.takes("momentum")) {
            checks.fail("train.optimizer.momentum", "applies to " + takers("momentum") + " only"
                    + (kind.takes("beta1") ? " (adam has beta1)" : ""));
        }
        if (spec.nesterov() != null && !kind.takes("nesterov")) {
            checks.fail("train.optimizer.nesterov", "applies to " + takers("nesterov") + " only");
        }
        if ((spec.beta1() != null || spec.beta2() != null) && !kind.takes("beta1")) {
            checks.fail("train.optimizer", "beta1 and beta2 apply to " + takers("beta1") + " only");
        }
        kind.checkOwn(spec, checks);
        if (spec.rho() != null && !kind.takes("rho")) {
            checks.fail("train.optimizer.rho", "applies to " + takers("rho") + " only");
        }
        checks.fraction("train.optimizer.momentum", spec.momentum());
        if (Boolean.TRUE.equals(spec.nesterov()) && !(spec.momentum() > 0)) {
            checks.fail("train.optimizer.nesterov", "needs momentum > 0, got momentum "
                    + djlab.spec.SpecValidator.plain(spec.momentum()));
        }
        checks.fraction("train.optimizer.beta1", spec.beta1());
        checks.fraction("train.optimizer.beta2", spec.beta2());
        checks.positive("train.optimizer.epsilon", spec.epsilon());
        checks.fraction("train.optimizer.rho", spec.rho());
    }

    /** The optimizers taking {@code field}: {@code sgd and rmsprop}. */
    private static String takers(String field) {
        return djlab.spec.Spellings.and(Arrays.stream(values()).filter(k -> k.takes(field)).map(k -> k.specName).toList());
    }

    /**
     * The spec's optimizer as a DJL one, with weight decay that leaves out the excluded parameter kinds: ours apply
     * the exclusions themselves, DJL's get them from a {@link DecayMasked} around them.
     */
    public static Optimizer of(OptimizerSpec spec, Tracker lr) {
        float decay = spec.weightDecay().floatValue();
        Set<ParameterKind> excluded = java.util.EnumSet.noneOf(ParameterKind.class);
        for (ParameterKind kind : ParameterKind.values()) {
            if (spec.excludes(kind.specName())) excluded.add(kind);
        }
        DecayPolicy policy = new DecayPolicy(decay, excluded);
        boolean masked = decay > 0 && !excluded.isEmpty();
        OptimizerKind kind = named(spec.type());
        Optimizer built = kind.build(spec, lr, policy, masked ? 0 : decay);
        boolean ours = built instanceof NdOptimizer;
        return masked && !ours ? new DecayMasked(built, lr, policy, kind.decoupledDecay()) : built;
    }

    /* DJL's optimizers with their state kept by the weights' manager (OwnedState): freed with the model. */

    private static Optimizer owned(Adam.Builder builder) {
        return new Adam(builder) {
            @Override
            protected NDArray withDefaultState(Map<String, Map<Device, NDArray>> state, String key, Device device,
                    Function<String, NDArray> create) {
                return OwnedState.of(state, key, device, create, super::withDefaultState);
            }
        };
    }

    private static Optimizer owned(AdamW.Builder builder) {
        return new AdamW(builder) {
            @Override
            protected NDArray withDefaultState(Map<String, Map<Device, NDArray>> state, String key, Device device,
                    Function<String, NDArray> create) {
                return OwnedState.of(state, key, device, create, super::withDefaultState);
            }
        };
    }
}
