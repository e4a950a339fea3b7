package djlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * A PyTorch {@link GradientCollector} that several threads may hold at once. DJL's own (PtGradientCollector) keeps a
 * process-wide "already collecting" flag, which stops two runs training side by side in one JVM; libtorch's grad
 * mode is per thread, so a collector per thread is safe. Used by {@code --parallel}.
 */
final class ThreadGradientCollector implements GradientCollector {

    private final boolean wasEnabled;

    ThreadGradientCollector() {
        wasEnabled = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** New threads start with grad mode on in libtorch: turn it off so evaluation builds no graph. */
    static void inferenceModeForThisThread() {
        JniUtils.setGradMode(false);
    }

    @Override
    public void backward(NDArray target) {
        NDArray seed = target.getManager().ones(target.getShape(), target.getDataType());
        JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
        seed.close();
    }

    @Override
    public void zeroGradients() {
        throw new UnsupportedOperationException("gradients are zeroed by the optimizer step");
    }

    @Override
    public void close() {
        JniUtils.setGradMode(wasEnabled);
    }
}
