package djlab.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An optimizer written with NDArray operations, for those the PyTorch engine lacks. Subclasses give the update of
 * one parameter; this class finds the learning rate for the update count, adds L2 weight decay to the gradient
 * (coupled, as PyTorch's {@code weight_decay} for these optimizers) unless the parameter's kind is excluded, and
 * frees every temporary array of the update (an {@link NDScope}).
 */
public abstract class NdOptimizer extends Optimizer {

    private final Tracker learningRate;
    private final DecayPolicy decay;
    private final Map<String, Map<String, Map<Device, NDArray>>> states = new ConcurrentHashMap<>();

    protected NdOptimizer(Tracker learningRate, DecayPolicy decay) {
        super(new NoBuilder());
        this.learningRate = learningRate;
        this.decay = decay;
    }

    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        float lr = learningRate.getNewValue(t);
        if (!Float.isFinite(lr)) throw new IllegalStateException("learning rate is " + lr + " at update " + t);
        // The weight is a leaf that requires a gradient: libtorch refuses in-place changes to it in grad mode. (In a
        // training step grad mode is already off: no two more engine calls per parameter then.)
        boolean gradMode = JniUtils.isGradMode();
        if (gradMode) JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope()) {
            float wd = decay.rateFor(weight);
            NDArray g = wd == 0 ? grad : grad.add(weight.mul(wd));
            step(parameterId, weight, g, lr, t);
            // As DJL's own PyTorch updates do: libtorch accumulates gradients, and nothing else zeroes the weight's
            // (the grad given here is either that gradient or, from DJL's parameter server, a copy of it).
            if (weight instanceof PtNDArray pt) JniUtils.zeroGrad(pt);
            scope.suppressNotUsedWarning();
        } finally {
            if (gradMode) JniUtils.setGradMode(true);
        }
    }

    /**
     * Updates {@code weight} in place. Arrays created here are freed afterwards, except state from {@link #state}.
     *
     * @param grad the gradient with weight decay added; the step may change it in place (it is zeroed afterwards)
     * @param t the update count, from 1
     */
    protected abstract void step(String parameterId, NDArray weight, NDArray grad, float lr, int t);

    /**
     * Every state array by name ({@code momentum}, {@code sum}, ...), parameter id and device: what a checkpoint
     * saves and puts back. Live and mutable.
     */
    public Map<String, Map<String, Map<Device, NDArray>>> states() {
        return states;
    }

    /** A per-parameter state array named {@code name}, zeros at first, kept across updates. */
    protected NDArray state(String name, String parameterId, NDArray weight) {
        Map<String, Map<Device, NDArray>> byParameter = states.computeIfAbsent(name, k -> new ConcurrentHashMap<>());
        return withDefaultState(byParameter, parameterId, weight.getDevice(), k -> {
            NDArray zeros = weight.zerosLike();
            NDScope.unregister(zeros);
            return zeros;
        });
    }

    @Override
    protected NDArray withDefaultState(Map<String, Map<Device, NDArray>> state, String key, Device device,
            java.util.function.Function<String, NDArray> create) {
        return OwnedState.of(state, key, device, create, super::withDefaultState);
    }

    /** DJL's base class wants a builder; these optimizers take their settings in the constructor instead. */
    private static final class NoBuilder extends OptimizerBuilder<NoBuilder> {
        @Override
        protected NoBuilder self() {
            return this;
        }
    }
}
