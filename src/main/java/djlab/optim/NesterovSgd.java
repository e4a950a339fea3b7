package djlab.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.Tracker;

/**
 * SGD with Nesterov momentum, as PyTorch's {@code SGD(nesterov=True)}:
 * {@code b = mu * b + g; w -= lr * (g + mu * b)} (b starts at 0; g includes weight decay).
 */
public final class NesterovSgd extends NdOptimizer {

    private final float momentum;

    public NesterovSgd(Tracker learningRate, DecayPolicy decay, float momentum) {
        super(learningRate, decay);
        this.momentum = momentum;
    }

    @Override
    protected void step(String id, NDArray weight, NDArray grad, float lr, int t) {
        NDArray b = state("momentum", id, weight);
        b.muli(momentum).addi(grad);
        weight.subi(grad.add(b.mul(momentum)).muli(lr));
    }
}
