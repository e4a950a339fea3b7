package djlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;

/**
 * DJL's {@code EasyTrain.fit}, one device, with a gradient collector per thread ({@link ThreadGradientCollector}) so
 * that runs can train side by side in one JVM. Listeners see the same events as with EasyTrain: a training batch
 * after each backward pass, an epoch after each pass over the data. {@link Boundaries} hears of each batch before
 * its forward pass and after its update: the points where a run can be checkpointed and stopped.
 */
final class TrainingLoop {

    /** What happens between batches. */
    interface Boundaries {
        /** The epoch to start at, counted from 0 (a run continued from a checkpoint starts later). */
        int firstEpoch();

        /** Before a batch's forward pass; while holding {@link EngineGenerator#LOCK} when {@link #drawsFromGenerator}. */
        void beforeBatch();

        /** Whether the forward pass draws from the engine's generator (dropout): it then holds the generator's lock. */
        default boolean drawsFromGenerator() {
            return false;
        }

        /** After the update of a batch; {@code lastOfEpoch} when the epoch's end (and its evaluation) follows. */
        void afterStep(boolean lastOfEpoch);
    }

    private static final Boundaries NONE = new Boundaries() {
        @Override
        public int firstEpoch() {
            return 0;
        }

        @Override
        public void beforeBatch() {}

        @Override
        public void afterStep(boolean lastOfEpoch) {}
    };

    private TrainingLoop() {}

    static void fit(Trainer trainer, int epochs, Dataset train) throws IOException, TranslateException {
        fit(trainer, epochs, train, NONE);
    }

    static void fit(Trainer trainer, int epochs, Dataset train, Boundaries boundaries)
            throws IOException, TranslateException {
        ThreadGradientCollector.inferenceModeForThisThread();
        try (StopRequest.Scope training = StopRequest.training()) {
            for (int epoch = boundaries.firstEpoch(); epoch < epochs; epoch++) {
                for (Batch batch : trainer.iterateDataset(train)) {
                    try (batch) {
                        trainBatch(trainer, batch, boundaries);
                        trainer.step();
                        boundaries.afterStep(batch.getProgress() == batch.getProgressTotal() - 1);
                    }
                }
                trainer.notifyListeners(listener -> listener.onEpoch(trainer));
            }
        }
    }

    private static void trainBatch(Trainer trainer, Batch batch, Boundaries boundaries) {
        NDList data = batch.getData();
        NDList labels = batch.getLabels();
        NDList predictions;
        NDArray loss;
        try (ThreadGradientCollector collector = new ThreadGradientCollector()) {
            if (boundaries.drawsFromGenerator()) {
                synchronized (EngineGenerator.LOCK) {
                    boundaries.beforeBatch();
                    predictions = trainer.forward(data, labels);
                }
            } else {
                boundaries.beforeBatch();
                predictions = trainer.forward(data, labels);
            }
            loss = trainer.getLoss().evaluate(labels, predictions);
            collector.backward(loss);
        }
        LossBatchData batchData = new LossBatchData(batch, labels, predictions, loss);
        trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
    }
}
