package djlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import djlab.spec.TrainSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping between the backward pass and the optimizer step: training listeners hear of each batch after
 * its backward pass and before {@code trainer.step()}. DJL's {@code optClipGrad} is not used: on the PyTorch engine
 * it only clamps from above. By value, every element into [-value, value]; by norm, all gradients together scaled
 * by {@code min(1, norm / (||g|| + 1e-6))} with ||g|| the L2 norm over every parameter (PyTorch's
 * {@code clip_grad_norm_}). Value first, then norm, when both are given. Everything stays on the device.
 */
public final class GradientClipping extends TrainingListenerAdapter {

    private final Double value;
    private final Double norm;

    public GradientClipping(TrainSpec.ClipSpec spec) {
        this.value = spec.value();
        this.norm = spec.norm();
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        List<NDArray> grads = new ArrayList<>();
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient() && parameter.isInitialized()) grads.add(parameter.getArray().getGradient());
        }
        clip(grads);
        grads.forEach(NDArray::close);
    }

    /** Clips the gradients in place (they share storage with the parameters' gradients). */
    void clip(List<NDArray> grads) {
        if (grads.isEmpty()) return;
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        // Every array made here is a temporary: the scope frees them all, the gradients change in place.
        try (NDScope scope = new NDScope()) {
            if (value != null) {
                float c = value.floatValue();
                for (NDArray g : grads) {
                    // clamp(g, -c, c) exactly: g * inside + c * sign(g) * outside (multiplying by 1 and 0 and
                    // adding c loses nothing, unlike g - (g - c)).
                    NDArray inside = g.abs().lte(c).toType(g.getDataType(), false);
                    // The clamped part is taken from g before g is changed in place.
                    NDArray outside = g.sign().mul(c).muli(inside.neg().add(1));
                    g.muli(inside).addi(outside);
                }
            }
            if (norm != null) {
                NDArray total = grads.get(0).square().sum();
                for (int i = 1; i < grads.size(); i++) total = total.add(grads.get(i).square().sum());
                NDArray factor = total.sqrt().add(1e-6f).pow(-1).mul(norm.floatValue()).minimum(1f);
                for (NDArray g : grads) g.muli(factor);
            }
            scope.suppressNotUsedWarning();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }
}
