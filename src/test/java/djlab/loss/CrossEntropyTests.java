package djlab.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CrossEntropy} against its formula, computed here element by element on a 3 x 4 batch. */
class CrossEntropyTests {

    private static final double[][] LOGITS = {{2.0, -1.0, 0.5, 0.0}, {0.1, 0.2, 3.0, -2.0}, {-1.0, 1.5, 0.0, 0.3}};
    private static final int[] LABELS = {0, 2, 3};

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private float evaluate(Loss loss) {
        float[] flat = new float[12];
        for (int i = 0; i < 3; i++) for (int c = 0; c < 4; c++) flat[i * 4 + c] = (float) LOGITS[i][c];
        NDList predictions = new NDList(manager.create(flat, new Shape(3, 4)));
        NDList labels = new NDList(manager.create(new float[] {LABELS[0], LABELS[1], LABELS[2]}));
        return loss.evaluate(labels, predictions).getFloat();
    }

    /** sum_i w_{y_i} * (-sum_c q_ic log p_ic) / sum_i w_{y_i}. */
    private static double expected(double[] weights, double eps) {
        double total = 0;
        double weightSum = 0;
        for (int i = 0; i < 3; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double z : LOGITS[i]) max = Math.max(max, z);
            double norm = 0;
            for (double z : LOGITS[i]) norm += Math.exp(z - max);
            double li = 0;
            for (int c = 0; c < 4; c++) {
                double logP = LOGITS[i][c] - max - Math.log(norm);
                double q = (c == LABELS[i] ? 1 - eps : 0) + eps / 4;
                li -= q * logP;
            }
            double w = weights == null ? 1 : weights[LABELS[i]];
            total += w * li;
            weightSum += w;
        }
        return total / weightSum;
    }

    @Test
    void withoutOptionsItIsDjlsSoftmaxCrossEntropy() {
        assertEquals(expected(null, 0), evaluate(new CrossEntropy("ce", null, 0)), 1e-6);
        assertEquals(evaluate(Loss.softmaxCrossEntropyLoss()), evaluate(new CrossEntropy("ce", null, 0)), 1e-6);
    }

    @Test
    void classWeightsGiveTheWeightedMean() {
        double[] w = {0.5, 1.0, 2.0, 4.0};
        assertEquals(expected(w, 0), evaluate(new CrossEntropy("w", new float[] {0.5f, 1f, 2f, 4f}, 0)), 1e-6);
    }

    @Test
    void labelSmoothingSpreadsEpsilonOverTheClasses() {
        assertEquals(expected(null, 0.1), evaluate(new CrossEntropy("s", null, 0.1f)), 1e-6);
        double[] w = {0.5, 1.0, 2.0, 4.0};
        assertEquals(expected(w, 0.2), evaluate(new CrossEntropy("ws", new float[] {0.5f, 1f, 2f, 4f}, 0.2f)), 1e-6);
    }

    @Test
    void balancedWeightsAreTheInverseOfEachClassShare() {
        // 6 records, 3 classes: counts 3, 2, 1 -> 6 / (3 * n_c) = 2/3, 1, 2
        byte[] labels = {0, 0, 0, 1, 1, 2};
        assertArrayEquals(new float[] {2f / 3, 1f, 2f}, CrossEntropy.balanced(labels, 3), 1e-6f);
        // 3 records: 3 / (3 * 1) = 1, 3 / (3 * 2) = 0.5; a class without records weighs 1
        assertArrayEquals(new float[] {1f, 0.5f, 1f}, CrossEntropy.balanced(new byte[] {0, 1, 1}, 3), 1e-6f);
    }
}
