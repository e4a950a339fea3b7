package djlab.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.Tracker;

/**
 * AdaDelta (Zeiler 2012), as PyTorch's {@code Adadelta}: {@code s = rho * s + (1 - rho) * g^2;
 * d = sqrt(u + eps) / sqrt(s + eps) * g; u = rho * u + (1 - rho) * d^2; w -= lr * d}.
 */
public final class Adadelta extends NdOptimizer {

    private final float rho;
    private final float epsilon;

    public Adadelta(Tracker learningRate, DecayPolicy decay, float rho, float epsilon) {
        super(learningRate, decay);
        this.rho = rho;
        this.epsilon = epsilon;
    }

    @Override
    protected void step(String id, NDArray weight, NDArray grad, float lr, int t) {
        NDArray square = state("square", id, weight);
        NDArray deltas = state("delta", id, weight);
        square.muli(rho).addi(grad.square().muli(1 - rho));
        NDArray delta = deltas.add(epsilon).sqrt().divi(square.add(epsilon).sqrt()).muli(grad);
        deltas.muli(rho).addi(delta.square().muli(1 - rho));
        weight.subi(delta.muli(lr));
    }
}
