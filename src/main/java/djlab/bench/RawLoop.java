package djlab.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import djlab.data.Splits;
import djlab.model.Networks;
import djlab.spec.ExperimentSpec;
import djlab.train.RunPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The yardstick DJLab's own training is measured against: the same network, data and optimizer in the leanest DJL
 * loop there is (data resident as one tensor, a permutation gathered per epoch, then per batch a slice, forward,
 * loss, backward, step) with nothing recorded.
 */
final class RawLoop {

    private RawLoop() {}

    /** Images per second of each epoch (shuffle, slicing and training steps; no evaluation). */
    static List<Double> epochRates(RunPlan plan, Splits splits, Device device, int epochs) {
        return epochRates(plan, splits, device, epochs, Integer.MAX_VALUE);
    }

    /**
     * As above, stopping each epoch after {@code maxBatches} batches: a short call warms the JVM and the engine up
     * before anything is timed, so neither loop pays for the warm-up in the comparison.
     */
    static List<Double> epochRates(RunPlan plan, Splits splits, Device device, int epochs, int maxBatches) {
        ExperimentSpec spec = plan.spec();
        int batch = spec.train().batchSize();
        Engine.getInstance().setRandomSeed((int) spec.seed().longValue());
        List<Double> rates = new ArrayList<>();
        try (Model model = Model.newInstance("raw", device)) {
            model.setBlock(Networks.block(spec.model(), plan.layers()));
            Optimizer sgd = Optimizer.sgd()
                    .setLearningRateTracker(Tracker.fixed(spec.train().optimizer().lr().floatValue()))
                    .optMomentum(spec.train().optimizer().momentum().floatValue()).build();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(sgd).optDevices(new Device[] {device}))) {
                trainer.initialize(RunPlan.inputShape(plan.dataset(), batch));
                NDArray images = splits.train().images();
                NDArray labels = splits.train().labels();
                int n = splits.train().size();
                Random random = new Random(spec.seed());
                for (int epoch = 0; epoch < epochs; epoch++) {
                    long start = System.nanoTime();
                    try (NDManager epochManager = trainer.getManager().newSubManager()) {
                        int[] order = IntStream.range(0, n).toArray();
                        Splits.shuffle(order, random);
                        NDArray index = epochManager.create(order);
                        NDArray x = images.get(index);
                        NDArray y = labels.get(index);
                        x.attach(epochManager);
                        y.attach(epochManager);
                        int trained = 0;
                        for (int from = 0; from < n && from / batch < maxBatches; from += batch) {
                            try (NDManager batchManager = epochManager.newSubManager()) {
                                NDList xy = slice(x, y, from, Math.min(from + batch, n), batchManager);
                                NDArray bx = xy.get(0);
                                NDArray by = xy.get(1);
                                try (GradientCollector collector = trainer.newGradientCollector()) {
                                    NDList predictions = trainer.forward(new NDList(bx));
                                    collector.backward(trainer.getLoss().evaluate(new NDList(by), predictions));
                                }
                                trainer.step();
                                trained += bx.getShape().get(0);
                            }
                        }
                        rates.add(trained / ((System.nanoTime() - start) / 1e9));
                    }
                }
            }
        }
        return rates;
    }


    /** Records {@code from} to {@code to} of the images and labels, as views owned by {@code manager}. */
    static NDList slice(NDArray images, NDArray labels, long from, long to, NDManager manager) {
        NDIndex slice = new NDIndex().addSliceDim(from, to);
        NDList batch = new NDList(images.get(slice), labels.get(slice));
        batch.attach(manager);
        return batch;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }
}
