package djlab.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Transform;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.Iterator;

/**
 * A training {@link Dataset} whose batches pass through a {@link Transform} (augmentation) on their way to the
 * trainer. Only the training set is wrapped, so validation and test see the images as they are.
 */
public final class AugmentedDataset implements Dataset {

    private final Dataset inner;
    private final Transform transform;

    public AugmentedDataset(Dataset inner, Transform transform) {
        this.inner = inner;
        this.transform = transform;
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
                    Batch batch = it.next();
                    NDArray augmented = transform.transform(batch.getData().head());
                    augmented.attach(batch.getManager());
                    return new Batch(batch.getManager(), new NDList(augmented), batch.getLabels(), batch.getSize(),
                            Batchifier.STACK, Batchifier.STACK, batch.getProgress(), batch.getProgressTotal());
                }
            };
        };
    }

    @Override
    public void prepare(Progress progress) throws IOException, TranslateException {
        inner.prepare(progress);
    }
}
