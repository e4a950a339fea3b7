package djlab.train;

import ai.djl.training.dataset.Dataset;
import djlab.augment.AugmentedDataset;
import djlab.augment.RandomAffine;
import djlab.data.HeadLabels;
import djlab.data.ResidentDataset;
import djlab.data.Splits;
import djlab.spec.ExperimentSpec;
import java.util.List;

/**
 * The data step of a run: its splits as DJL datasets in the shape the network trains on, with the labels of several
 * output heads and the training set's augmentation where the spec asks for them.
 *
 * @param train the training records themselves (batches and shuffling; what a checkpoint saves of the data order)
 * @param trainSet what the trainer iterates: {@code train} with head labels and augmentation
 * @param validateSet null without a validation split
 * @param augment the training batches' augmentation, drawn from the run's seed; null for none
 * @param parts with several heads: the names of the accuracies recorded beside the mean one ({@link Heads#parts})
 * @param batch the batch size actually used: never larger than the training set
 */
record TrainingData(ResidentDataset train, Dataset trainSet, Dataset validateSet, Dataset testSet, RandomAffine augment,
        List<String> parts, int heads, int batch) {

    /** Evaluation batches: large, as they hold no gradients. */
    private static final int EVALUATION_BATCH = 1000;

    static TrainingData of(RunPlan plan, Splits splits) {
        ExperimentSpec spec = plan.spec();
        // A batch larger than the training set would only allocate for records that are not there.
        int batch = Math.max(1, Math.min(spec.train().batchSize(), splits.train().size()));
        ResidentDataset train = new ResidentDataset(splits.train(), batch, true, spec.seed(), plan.hasBatchNorm());
        ResidentDataset validate = splits.validate() == null ? null
                : new ResidentDataset(splits.validate(), EVALUATION_BATCH, false, 0);
        ResidentDataset test = new ResidentDataset(splits.test(), EVALUATION_BATCH, false, 0);
        // Several output heads: one label array per head in each batch.
        int heads = plan.dataset().heads();
        Dataset trainSet = heads > 1 ? new HeadLabels(train, heads, plan.classes()) : train;
        Dataset validateSet = validate == null || heads == 1 ? validate : new HeadLabels(validate, heads, plan.classes());
        Dataset testSet = heads > 1 ? new HeadLabels(test, heads, plan.classes()) : test;
        RandomAffine augment = spec.data().augment() == null ? null : new RandomAffine(spec.data().augment(), spec.seed());
        if (augment != null) trainSet = new AugmentedDataset(trainSet, augment);
        return new TrainingData(train, trainSet, validateSet, testSet, augment, Heads.parts(plan.dataset().headNames()),
                heads, batch);
    }

    boolean hasValidation() {
        return validateSet != null;
    }

    /** Updates in one epoch. */
    int perEpoch() {
        return train.batches();
    }
}
