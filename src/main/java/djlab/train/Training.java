package djlab.train;

import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import djlab.spec.OptimizerSpec;

/** The spec's optimizer and loss as DJL objects. */
final class Training {

    private Training() {}

    static Optimizer optimizer(OptimizerSpec spec, Schedule schedule) {
        float decay = spec.weightDecay().floatValue();
        return switch (spec.type()) {
            case "adam" -> Optimizer.adam().optLearningRateTracker(schedule).optWeightDecays(decay)
                    .optBeta1(spec.beta1().floatValue()).optBeta2(spec.beta2().floatValue())
                    .optEpsilon(spec.epsilon().floatValue()).build();
            case "adamw" -> Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(decay)
                    .optBeta1(spec.beta1().floatValue()).optBeta2(spec.beta2().floatValue())
                    .optEpsilon(spec.epsilon().floatValue()).build();
            default -> Optimizer.sgd().setLearningRateTracker(schedule).optWeightDecays(decay)
                    .optMomentum(spec.momentum().floatValue()).build();
        };
    }

    static DefaultTrainingConfig config(OptimizerSpec optimizer, Schedule schedule) {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer(optimizer, schedule));
    }
}
