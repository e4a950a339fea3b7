package djlab.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.evaluator.Evaluator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Top-k accuracy: a prediction counts when fewer than k classes score higher than the label (ties count for the
 * label). Unlike DJL's own {@code TopKAccuracy} the running sums stay on the device, read once when asked for, as
 * the rest of the evaluation does.
 */
public final class TopKAccuracy extends Evaluator {

    private final int k;
    private final Map<String, NDArray> correct = new ConcurrentHashMap<>();
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    public TopKAccuracy(int k) {
        super("top" + k + "_accuracy");
        this.k = k;
    }

    public int k() {
        return k;
    }

    /** 1 per record whose label is in the top k, else 0 (float32, on the predictions' device). */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray scores = predictions.head();
        NDArray oneHot = labels.head().toType(DataType.INT64, false).oneHot((int) scores.getShape().get(1))
                .toType(scores.getDataType(), false);
        NDArray labelScore = scores.mul(oneHot).sum(new int[] {1}, true);
        NDArray higher = scores.gt(labelScore).toType(DataType.FLOAT32, false).sum(new int[] {1});
        return higher.lt(k).toType(DataType.FLOAT32, false);
    }

    @Override
    public void addAccumulator(String key) {
        counts.put(key, 0L);
        NDArray old = correct.remove(key);
        if (old != null) old.close();
    }

    @Override
    public void updateAccumulator(String key, NDList labels, NDList predictions) {
        NDArray hits = evaluate(labels, predictions).sum();
        hits.detach();
        correct.merge(key, hits, (sum, add) -> {
            sum.addi(add);
            add.close();
            return sum;
        });
        counts.merge(key, labels.head().size(), Long::sum);
    }

    @Override
    public void resetAccumulator(String key) {
        addAccumulator(key);
    }

    @Override
    public float getAccumulator(String key) {
        Long n = counts.get(key);
        NDArray sum = correct.get(key);
        return n == null || n == 0 || sum == null ? Float.NaN : sum.getFloat() / n;
    }
}
