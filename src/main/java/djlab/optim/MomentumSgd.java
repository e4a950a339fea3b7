package djlab.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.Tracker;

/**
 * SGD with (optional) momentum, DJL's formula: {@code v = mu * v + lr * g; w -= v} (g includes weight decay; with
 * {@code mu = 0}, {@code w -= lr * g}). The same arithmetic as DJL's {@code Sgd} on the PyTorch engine, in fewer
 * passes over memory: DJL's native update clones the gradient and adds the weight decay even when it is zero, five
 * extra passes over each weight per batch, which for a small network is a tenth of the batch time. Here the gradient,
 * zeroed after the update anyway, is scaled in place.
 */
public final class MomentumSgd extends NdOptimizer {

    private final float momentum;

    public MomentumSgd(Tracker learningRate, DecayPolicy decay, float momentum) {
        super(learningRate, decay);
        this.momentum = momentum;
    }

    @Override
    protected void step(String id, NDArray weight, NDArray grad, float lr, int t) {
        NDArray scaled = grad.muli(lr);
        if (momentum == 0) {
            weight.subi(scaled);
            return;
        }
        NDArray velocity = state("momentum", id, weight);
        velocity.muli(momentum).addi(scaled);
        weight.subi(velocity);
    }
}
