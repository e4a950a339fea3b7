package djlab.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.Tracker;

/**
 * RMSProp (Hinton's lecture 6e), as PyTorch's {@code RMSprop} (not centred):
 * {@code s = rho * s + (1 - rho) * g^2}; without momentum {@code w -= lr * g / (sqrt(s) + eps)}, with momentum
 * {@code b = mu * b + g / (sqrt(s) + eps); w -= lr * b}.
 */
public final class RmsProp extends NdOptimizer {

    private final float rho;
    private final float momentum;
    private final float epsilon;

    public RmsProp(Tracker learningRate, DecayPolicy decay, float rho, float momentum, float epsilon) {
        super(learningRate, decay);
        this.rho = rho;
        this.momentum = momentum;
        this.epsilon = epsilon;
    }

    @Override
    protected void step(String id, NDArray weight, NDArray grad, float lr, int t) {
        NDArray square = state("square", id, weight);
        square.muli(rho).addi(grad.square().muli(1 - rho));
        NDArray scaled = grad.div(square.sqrt().addi(epsilon));
        if (momentum > 0) {
            NDArray b = state("momentum", id, weight);
            b.muli(momentum).addi(scaled);
            weight.subi(b.mul(lr));
        } else {
            weight.subi(scaled.muli(lr));
        }
    }
}
