package djlab.train;

import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import djlab.loss.SoftmaxCrossEntropy;
import djlab.optim.OptimizerKind;
import djlab.spec.OptimizerSpec;

/**
 * The spec's optimizer and loss as DJL objects: the optimizer from its home ({@link OptimizerKind}), the loss from
 * {@code djlab.loss}.
 */
public final class Training {

    private Training() {}

    /** The spec's optimizer, from its home ({@link OptimizerKind}), on the schedule's learning rate. */
    static Optimizer optimizer(OptimizerSpec spec, Schedule schedule) {
        return OptimizerKind.of(spec, schedule);
    }

    public static DefaultTrainingConfig config(OptimizerSpec optimizer, Schedule schedule) {
        return config(optimizer, schedule, new SoftmaxCrossEntropy());
    }

    /** With {@code loss} (for several output heads, the sum of the heads' losses: {@link Heads#loss}). */
    static DefaultTrainingConfig config(OptimizerSpec optimizer, Schedule schedule, Loss loss) {
        return new DefaultTrainingConfig(loss).optOptimizer(optimizer(optimizer, schedule));
    }
}
