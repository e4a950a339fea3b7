package djlab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;

/**
 * A {@link Dataset} whose batches carry one label array per head, DJL's form for several outputs (what
 * {@code IndexLoss} and {@code IndexEvaluator} pick from): the inner data set's labels hold the heads' labels as one
 * number in base {@code classes} (two-digit MNIST: {@code 10 * top + bottom}), which this splits, first head first.
 */
public final class HeadLabels extends MappedDataset {

    private final int heads;
    private final int classes;

    public HeadLabels(Dataset inner, int heads, int classes) {
        super(inner);
        this.heads = heads;
        this.classes = classes;
    }

    /** One label array per head from combined labels (float), first head first. */
    public static NDList split(NDArray combined, int heads, int classes) {
        NDArray[] out = new NDArray[heads];
        NDArray rest = combined;
        for (int h = heads - 1; h >= 0; h--) {
            NDArray quotient = rest.div(classes).floor();
            out[h] = rest.sub(quotient.mul(classes));
            rest = quotient;
        }
        return new NDList(out);
    }

    @Override
    protected Batch map(Batch batch) {
        NDList labels = split(batch.getLabels().head(), heads, classes);
        labels.attach(batch.getManager());
        return with(batch, batch.getData(), labels);
    }
}
