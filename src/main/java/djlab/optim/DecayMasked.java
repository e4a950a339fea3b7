package djlab.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * One of DJL's own optimizers (built without weight decay) with the decay done here, so that it can leave biases and
 * batch norm out: added to the gradient (L2, as DJL's sgd and adam) or, {@code decoupled}, taken off the weight
 * before the update, {@code w -= lr * wd * w} (as AdamW). DJL's own decay applies to every parameter.
 */
public final class DecayMasked extends Optimizer {

    private final Optimizer inner;
    private final Tracker learningRate;
    private final DecayPolicy decay;
    private final boolean decoupled;

    public DecayMasked(Optimizer inner, Tracker learningRate, DecayPolicy decay, boolean decoupled) {
        super(new Builder());
        this.inner = inner;
        this.learningRate = learningRate;
        this.decay = decay;
        this.decoupled = decoupled;
    }

    /** The wrapped optimizer, whose state a checkpoint saves beside this one's update counts. */
    public Optimizer inner() {
        return inner;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        float wd = decay.rateFor(weight);
        if (wd == 0) {
            inner.update(parameterId, weight, grad);
            return;
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        // No NDScope here: the inner optimizer creates its state during the update, and a scope would free it.
        try (NDArray decayed = weight.mul(decoupled ? learningRate.getNewValue(t) * wd : wd)) {
            if (decoupled) {
                weight.subi(decayed);
                inner.update(parameterId, weight, grad);
            } else {
                try (NDArray withDecay = grad.add(decayed)) {
                    inner.update(parameterId, weight, withDecay);
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
