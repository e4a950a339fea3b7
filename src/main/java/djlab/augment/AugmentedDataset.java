package djlab.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Transform;
import djlab.data.MappedDataset;

/**
 * A training {@link Dataset} whose batches pass through a {@link Transform} (augmentation) on their way to the
 * trainer. Only the training set is wrapped, so validation and test see the images as they are.
 */
public final class AugmentedDataset extends MappedDataset {

    private final Transform transform;

    public AugmentedDataset(Dataset inner, Transform transform) {
        super(inner);
        this.transform = transform;
    }

    @Override
    protected Batch map(Batch batch) {
        NDArray augmented = transform.transform(batch.getData().head());
        augmented.attach(batch.getManager());
        return with(batch, new NDList(augmented), batch.getLabels());
    }
}
