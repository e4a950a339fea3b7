package djlab.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.Tracker;

/**
 * AdaGrad (Duchi et al. 2011), as PyTorch's {@code Adagrad}: {@code s += g^2; w -= lr * g / (sqrt(s) + eps)}.
 * DJL's own Adagrad needs sparse gradients, which the PyTorch engine does not give.
 */
public final class Adagrad extends NdOptimizer {

    private final float epsilon;

    public Adagrad(Tracker learningRate, DecayPolicy decay, float epsilon) {
        super(learningRate, decay);
        this.epsilon = epsilon;
    }

    @Override
    protected void step(String id, NDArray weight, NDArray grad, float lr, int t) {
        NDArray sum = state("sum", id, weight);
        sum.addi(grad.square());
        weight.subi(grad.div(sum.sqrt().addi(epsilon)).muli(lr));
    }
}
