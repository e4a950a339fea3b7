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
 * after each backward pass, an epoch after each pass over the data.
 */
final class TrainingLoop {

    private TrainingLoop() {}

    static void fit(Trainer trainer, int epochs, Dataset train) throws IOException, TranslateException {
        ThreadGradientCollector.inferenceModeForThisThread();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (Batch batch : trainer.iterateDataset(train)) {
                try (batch) {
                    trainBatch(trainer, batch);
                    trainer.step();
                }
            }
            trainer.notifyListeners(listener -> listener.onEpoch(trainer));
        }
    }

    private static void trainBatch(Trainer trainer, Batch batch) {
        NDList data = batch.getData();
        NDList labels = batch.getLabels();
        NDList predictions;
        NDArray loss;
        try (ThreadGradientCollector collector = new ThreadGradientCollector()) {
            predictions = trainer.forward(data, labels);
            loss = trainer.getLoss().evaluate(labels, predictions);
            collector.backward(loss);
        }
        LossBatchData batchData = new LossBatchData(batch, labels, predictions, loss);
        trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
    }
}
