package djlab.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import java.util.Map;

/**
 * A training batch's data for listeners, with the batch's mean loss as computed for the backward pass, so that
 * recording the curve does not compute it a second time.
 */
final class LossBatchData extends TrainingListener.BatchData {

    private final NDArray loss;

    LossBatchData(Batch batch, NDList labels, NDList predictions, NDArray loss) {
        super(batch, Map.of(device(labels), labels), Map.of(device(predictions), predictions));
        this.loss = loss;
    }

    private static Device device(NDList list) {
        return list.head().getDevice();
    }

    NDArray loss() {
        return loss;
    }
}
