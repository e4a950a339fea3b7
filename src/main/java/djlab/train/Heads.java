package djlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.IndexLoss;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SimpleCompositeLoss;
import java.util.ArrayList;
import java.util.List;

/**
 * Training and scoring a network with several output heads (two-digit MNIST: the top digit and the bottom digit).
 * Predictions and labels are DJL {@link NDList}s with one array per head, in the same order. The loss is the sum of
 * the heads' losses (DJL's {@link SimpleCompositeLoss} of one {@link IndexLoss} per head); the accuracy of a run is
 * the mean of the heads' accuracies (the per-digit accuracy), and each head's accuracy and the share of records with
 * every head right (both digits) are recorded beside it.
 */
public final class Heads {

    private Heads() {}

    /** {@code perHead} for one head; else the sum over the heads of {@code perHead} on head i's output and labels. */
    public static Loss loss(Loss perHead, int heads) {
        if (heads == 1) return perHead;
        SimpleCompositeLoss sum = new SimpleCompositeLoss("SumOverHeads");
        for (int h = 0; h < heads; h++) sum.addLoss(new IndexLoss(perHead, h, h));
        return sum;
    }

    /**
     * The names of the accuracies recorded beside the mean one, for head names {@code names}: each head's, then
     * {@code both} (two heads) or {@code all} (more) for every head right. Empty for a single head.
     */
    public static List<String> parts(List<String> names) {
        if (names.size() <= 1) return List.of();
        List<String> parts = new ArrayList<>(names);
        parts.add(names.size() == 2 ? "both" : "all");
        return parts;
    }

    /**
     * Correct counts of a batch as a float32 vector on the device: for one head {@code [correct]}; for n heads
     * {@code [mean over heads, head 1, ..., head n, records with every head right]}.
     */
    public static NDArray correct(NDList predictions, NDList labels) {
        int heads = predictions.size();
        if (heads == 1) {
            return Evaluation.correct(predictions, labels).reshape(1);
        }
        NDList right = new NDList(heads);
        for (int h = 0; h < heads; h++) {
            right.add(predictions.get(h).argMax(1).eq(labels.get(h).toType(DataType.INT64, false)));
        }
        NDArray all = right.get(0);
        for (int h = 1; h < heads; h++) all = all.logicalAnd(right.get(h));
        NDList counts = new NDList(heads + 1);
        for (NDArray r : right) counts.add(r.toType(DataType.FLOAT32, false).sum());
        counts.add(all.toType(DataType.FLOAT32, false).sum());
        NDArray perHead = NDArrays.stack(counts);
        NDArray mean = perHead.get("0:" + heads).sum().div(heads).reshape(1);
        return NDArrays.concat(new NDList(mean, perHead));
    }
}
