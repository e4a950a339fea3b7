package djlab.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.Iterator;

/**
 * A {@link Dataset} whose batches are another data set's, each rewritten on its way to the trainer (augmented
 * images, labels split per head). Subclasses say how; the new arrays must belong to the batch's manager.
 */
public abstract class MappedDataset implements Dataset {

    private final Dataset inner;

    protected MappedDataset(Dataset inner) {
        this.inner = inner;
    }

    /** The batch as the trainer should see it. */
    protected abstract Batch map(Batch batch);

    /** A batch like {@code batch} with other data and labels, closed with the same manager. */
    protected static Batch with(Batch batch, NDList data, NDList labels) {
        return new Batch(batch.getManager(), data, labels, batch.getSize(), Batchifier.STACK, Batchifier.STACK,
                batch.getProgress(), batch.getProgressTotal());
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) throws IOException, TranslateException {
        Iterable<Batch> batches = inner.getData(manager);
        return () -> {
            Iterator<Batch> it = batches.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Batch next() {
                    return map(it.next());
                }
            };
        };
    }

    @Override
    public void prepare(Progress progress) throws IOException, TranslateException {
        inner.prepare(progress);
    }
}
