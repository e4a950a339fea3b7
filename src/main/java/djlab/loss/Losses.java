package djlab.loss;

import ai.djl.training.loss.Loss;
import djlab.spec.TrainSpec;
import java.util.List;

/** The spec's {@code train.loss} as a DJL {@link Loss}. */
public final class Losses {

    private Losses() {}

    /**
     * @param trainLabels the labels of the training split, for balanced class weights
     * @param classes the number of classes
     */
    public static Loss of(TrainSpec.LossSpec spec, byte[] trainLabels, int classes) {
        float smoothing = spec.labelSmoothing().floatValue();
        if (spec.type().equals("weighted_cross_entropy")) {
            float[] weights = spec.weights() == null ? CrossEntropy.balanced(trainLabels, classes) : floats(spec.weights());
            return new CrossEntropy("WeightedCrossEntropy", weights, smoothing);
        }
        // DJL's own loss (in fewer engine calls) when it does all that is asked: the run then matches runs from before
        // this option existed.
        return smoothing == 0 ? new SoftmaxCrossEntropy() : new CrossEntropy("SmoothedCrossEntropy", null, smoothing);
    }

    private static float[] floats(List<Double> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) f[i] = values.get(i).floatValue();
        return f;
    }
}
