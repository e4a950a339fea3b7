package djlab.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import djlab.loss.SoftmaxCrossEntropy;
import djlab.optim.Adadelta;
import djlab.optim.Adagrad;
import djlab.optim.DecayMasked;
import djlab.optim.DecayPolicy;
import djlab.optim.MomentumSgd;
import djlab.optim.NesterovSgd;
import djlab.optim.OwnedState;
import djlab.optim.ParameterKind;
import djlab.optim.RmsProp;
import djlab.spec.OptimizerSpec;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The spec's optimizer and loss as DJL objects. DJL's own adam and adamw; ours ({@code djlab.optim}) for SGD (DJL's
 * formula in fewer passes over memory: {@link MomentumSgd}), Nesterov, AdaGrad, RMSProp, AdaDelta, and for weight
 * decay that leaves biases or batch norm out.
 */
public final class Training {

    private Training() {}

    static Optimizer optimizer(OptimizerSpec spec, Schedule schedule) {
        float decay = spec.weightDecay().floatValue();
        Set<ParameterKind> excluded = EnumSet.noneOf(ParameterKind.class);
        for (ParameterKind kind : ParameterKind.values()) {
            if (spec.excludes(kind.specName())) excluded.add(kind);
        }
        DecayPolicy policy = new DecayPolicy(decay, excluded);
        boolean masked = decay > 0 && !excluded.isEmpty();
        float builtInDecay = masked ? 0 : decay;
        Optimizer builtIn = switch (spec.type()) {
            case "adagrad" -> new Adagrad(schedule, policy, spec.epsilon().floatValue());
            case "rmsprop" -> new RmsProp(schedule, policy, spec.rho().floatValue(), spec.momentum().floatValue(),
                    spec.epsilon().floatValue());
            case "adadelta" -> new Adadelta(schedule, policy, spec.rho().floatValue(), spec.epsilon().floatValue());
            case "adam" -> owned(Optimizer.adam().optLearningRateTracker(schedule).optWeightDecays(builtInDecay)
                    .optBeta1(spec.beta1().floatValue()).optBeta2(spec.beta2().floatValue())
                    .optEpsilon(spec.epsilon().floatValue()));
            case "adamw" -> owned(Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(builtInDecay)
                    .optBeta1(spec.beta1().floatValue()).optBeta2(spec.beta2().floatValue())
                    .optEpsilon(spec.epsilon().floatValue()));
            default -> spec.nesterov()
                    ? new NesterovSgd(schedule, policy, spec.momentum().floatValue())
                    : new MomentumSgd(schedule, policy, spec.momentum().floatValue());
        };
        boolean ours = builtIn instanceof djlab.optim.NdOptimizer;
        return masked && !ours ? new DecayMasked(builtIn, schedule, policy, spec.type().equals("adamw")) : builtIn;
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

    public static DefaultTrainingConfig config(OptimizerSpec optimizer, Schedule schedule) {
        return config(optimizer, schedule, new SoftmaxCrossEntropy());
    }

    /** With {@code loss} (for several output heads, the sum of the heads' losses: {@link Heads#loss}). */
    static DefaultTrainingConfig config(OptimizerSpec optimizer, Schedule schedule, Loss loss) {
        return new DefaultTrainingConfig(loss).optOptimizer(optimizer(optimizer, schedule));
    }
}
