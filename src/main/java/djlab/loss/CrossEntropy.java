package djlab.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy with optional class weights and label smoothing, the forms DJL's
 * {@code SoftmaxCrossEntropyLoss} does not have. For logits z (N x C) and labels y:
 * <pre>
 *   q_i = (1 - eps) * onehot(y_i) + eps / C          (label smoothing; eps = 0 gives the one-hot target)
 *   l_i = -sum_c q_ic * log softmax(z_i)_c
 *   L   = sum_i w_{y_i} l_i / sum_i w_{y_i}           (w = 1 without weights: the plain mean)
 * </pre>
 * The weighted mean is PyTorch's {@code CrossEntropyLoss(weight=...)} reduction.
 */
public final class CrossEntropy extends Loss {

    private final float[] classWeights;
    private final float smoothing;

    /**
     * @param classWeights one weight per class, or null for none
     * @param smoothing label smoothing epsilon in [0, 1)
     */
    public CrossEntropy(String name, float[] classWeights, float smoothing) {
        super(name);
        this.classWeights = classWeights == null ? null : classWeights.clone();
        this.smoothing = smoothing;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        int classes = (int) logits.getShape().get(1);
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray oneHot = labels.singletonOrThrow().toType(DataType.INT64, false).oneHot(classes)
                .toType(logits.getDataType(), false);
        NDArray target = smoothing == 0 ? oneHot : oneHot.mul(1 - smoothing).add(smoothing / classes);
        NDArray perExample = target.mul(logProbabilities).sum(new int[] {1}).neg();
        if (classWeights == null) {
            return perExample.mean();
        }
        NDArray weights = oneHot.mul(logits.getManager().create(classWeights).toDevice(logits.getDevice(), false))
                .sum(new int[] {1});
        return perExample.mul(weights).sum().div(weights.sum());
    }

    public float[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    /**
     * Balanced weights from the training labels, as in the one-epoch CNN report: {@code n / (C * n_c)}, so a class
     * with its fair share of records weighs 1. A class without records weighs 1.
     */
    public static float[] balanced(byte[] labels, int classes) {
        long[] counts = new long[classes];
        for (byte label : labels) counts[label & 0xff]++;
        float[] weights = new float[classes];
        for (int c = 0; c < classes; c++) {
            weights[c] = counts[c] == 0 ? 1f : (float) ((double) labels.length / ((double) classes * counts[c]));
        }
        return weights;
    }
}
