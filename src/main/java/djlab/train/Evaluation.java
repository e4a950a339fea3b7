package djlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Loss and accuracy of the network in inference mode (dropout off, batch norm on running statistics). Sums stay on
 * the device until the end, so a whole pass costs one device-to-host read.
 */
public final class Evaluation {

    private Evaluation() {}

    public static Scores of(Trainer trainer, Dataset dataset) {
        return of(trainer, dataset, List.of(), null);
    }

    /**
     * As {@link #of(Trainer, Dataset)}, and in the same pass the {@code evaluators} (extra metrics such as top-k),
     * their accumulators under {@code key} started afresh.
     */
    public static Scores of(Trainer trainer, Dataset dataset, List<Evaluator> evaluators, String key) {
        for (Evaluator evaluator : evaluators) evaluator.addAccumulator(key);
        try (NDManager scratch = trainer.getManager().newSubManager()) {
            NDArray lossSum = scratch.zeros(new Shape());
            NDArray correct = scratch.zeros(new Shape());
            int count = 0;
            boolean heads = false;
            for (Batch batch : trainer.iterateDataset(dataset)) {
                try (batch) {
                    NDList predictions = trainer.evaluate(batch.getData());
                    lossSum.addi(trainer.getLoss().evaluate(batch.getLabels(), predictions).mul(batch.getSize()));
                    if (predictions.size() > 1) {
                        // Several heads: the mean over heads, each head, and every head right (Heads.correct).
                        NDArray counts = Heads.correct(predictions, batch.getLabels());
                        if (!heads) correct = scratch.zeros(counts.getShape());
                        heads = true;
                        correct.addi(counts);
                    } else {
                        correct.addi(correct(predictions, batch.getLabels()));
                    for (Evaluator evaluator : evaluators) evaluator.updateAccumulator(key, batch.getLabels(), predictions);
                    }
                    count += batch.getSize();
                }
            }
            if (heads) return Scores.of(lossSum.getFloat(), correct.toFloatArray(), count);
            return Scores.of(lossSum.getFloat(), correct.getFloat(), count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Number of predictions whose arg-max equals the label, as a float32 scalar on the device. */
    static NDArray correct(NDList predictions, NDList labels) {
        return predictions.head().argMax(1).eq(labels.head()).sum().toType(DataType.FLOAT32, false);
    }
}
