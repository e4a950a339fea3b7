package djlab.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.evaluator.Evaluator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Top-1 accuracy of each class (correct / records of that class), summed on the device. As an {@link Evaluator}
 * its single value is the mean over the classes that have records (balanced accuracy); {@link #perClass} gives them
 * all.
 */
public final class PerClassAccuracy extends Evaluator {

    private final int classes;
    private final Map<String, NDArray[]> sums = new ConcurrentHashMap<>();

    public PerClassAccuracy(int classes) {
        super("per_class_accuracy");
        this.classes = classes;
    }

    /** Per class: 1 where the record is of that class and right. Shape (N, classes). */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray label = labels.head().toType(DataType.INT64, false);
        NDArray right = predictions.head().argMax(1).eq(label).toType(DataType.FLOAT32, false);
        return label.oneHot(classes).toType(DataType.FLOAT32, false).mul(right.expandDims(1));
    }

    @Override
    public void addAccumulator(String key) {
        NDArray[] old = sums.remove(key);
        if (old != null) for (NDArray a : old) a.close();
    }

    @Override
    public void updateAccumulator(String key, NDList labels, NDList predictions) {
        NDArray label = labels.head().toType(DataType.INT64, false);
        NDArray right = evaluate(labels, predictions).sum(new int[] {0});
        NDArray count = label.oneHot(classes).toType(DataType.FLOAT32, false).sum(new int[] {0});
        right.detach();
        count.detach();
        sums.merge(key, new NDArray[] {right, count}, (sum, add) -> {
            sum[0].addi(add[0]);
            sum[1].addi(add[1]);
            add[0].close();
            add[1].close();
            return sum;
        });
    }

    @Override
    public void resetAccumulator(String key) {
        addAccumulator(key);
    }

    /** Accuracy per class, NaN for a class without records. */
    public float[] perClass(String key) {
        NDArray[] sum = sums.get(key);
        float[] out = new float[classes];
        if (sum == null) {
            java.util.Arrays.fill(out, Float.NaN);
            return out;
        }
        float[] right = sum[0].toFloatArray();
        float[] count = sum[1].toFloatArray();
        for (int c = 0; c < classes; c++) out[c] = count[c] == 0 ? Float.NaN : right[c] / count[c];
        return out;
    }

    @Override
    public float getAccumulator(String key) {
        double total = 0;
        int n = 0;
        for (float a : perClass(key)) {
            if (!Float.isNaN(a)) {
                total += a;
                n++;
            }
        }
        return n == 0 ? Float.NaN : (float) (total / n);
    }
}
