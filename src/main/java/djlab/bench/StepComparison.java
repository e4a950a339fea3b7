package djlab.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import djlab.data.Splits;
import djlab.model.Networks;
import djlab.results.Folders;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import djlab.train.OneDeviceTrainer;
import djlab.train.RunPlan;
import djlab.train.Schedule;
import djlab.train.Training;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DJLab's training step and loss against DJL's stock ones ({@code Trainer.step()} with DJL's {@code Sgd}, DJL's
 * softmax cross-entropy), in one process, in alternating blocks of batches: each pair of neighbouring blocks sees the
 * same machine, so the median of the pairs' ratios holds still where epoch rates on a shared VM wander by 10-20 %.
 * Two networks from the same seed train on the same batches, one per side.
 */
public final class StepComparison {

    /** Microseconds per batch (medians over the blocks of each side) and the median of the paired ratios. */
    public record Result(String model, int pairs, int batchesPerBlock, double djlBatchUs, double djlabBatchUs,
            double djlStepUs, double djlabStepUs, double djlLossUs, double djlabLossUs, double djlOverDjlab) {}

    static final int BATCHES_PER_BLOCK = 50;
    private static final int WARM_UP_PAIRS = 2;

    private StepComparison() {}

    public static Result measure(String model, Path spec, List<String> sets, RunPlan.Locations where, int pairs)
            throws IOException {
        ExperimentSpec resolved = SpecFiles.load(spec, sets);
        Path scratch = Files.createTempDirectory("djlab-step");
        RunPlan plan = RunPlan.of(spec.toString(), resolved, null,
                new RunPlan.Locations(scratch, where.dataDir(), where.dataEnv()));
        int batch = resolved.train().batchSize();
        Device device = Device.cpu();
        Schedule schedule = new Schedule(resolved.train().schedule(), resolved.train().optimizer().lr(), 1000, 1000);
        // DJL's stock SGD with the spec's own settings and schedule: both sides do the same arithmetic.
        Optimizer djlSgd = Optimizer.sgd().setLearningRateTracker(schedule)
                .optWeightDecays(resolved.train().optimizer().weightDecay().floatValue())
                .optMomentum(resolved.train().optimizer().momentum().floatValue()).build();
        try (NDManager manager = NDManager.newBaseManager(device);
                Splits splits = Splits.of(spec.toString(), plan.dataset(),
                        Splits.read(plan.dataset(), plan.dataFolder(), manager), resolved.data(), resolved.seed(), manager);
                Model djlModel = Model.newInstance("djl", device);
                Model djlabModel = Model.newInstance("djlab", device);
                Side djl = new Side(djlModel, plan, resolved, batch, m -> m.newTrainer(
                        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(djlSgd)
                                .optDevices(new Device[] {device})));
                Side djlab = new Side(djlabModel, plan, resolved, batch, m -> OneDeviceTrainer.of(m,
                        Training.config(resolved.train().optimizer(), schedule).optDevices(new Device[] {device})))) {
            NDArray images = splits.train().images();
            NDArray labels = splits.train().labels();
            int batches = splits.train().size() / batch;
            if (batches < 1) {
                throw new IllegalArgumentException(spec + ": fewer training records than one batch of " + batch);
            }
            List<Double> ratios = new ArrayList<>();
            for (int pair = -WARM_UP_PAIRS; pair < pairs; pair++) {
                int first = Math.floorMod(pair * BATCHES_PER_BLOCK, batches);
                double a = djl.block(images, labels, first, batches, pair >= 0);
                double b = djlab.block(images, labels, first, batches, pair >= 0);
                if (pair >= 0) ratios.add(a / b);
            }
            return new Result(model, pairs, BATCHES_PER_BLOCK, round(RawLoop.median(djl.batchUs)),
                    round(RawLoop.median(djlab.batchUs)), round(RawLoop.median(djl.stepUs)),
                    round(RawLoop.median(djlab.stepUs)), round(RawLoop.median(djl.lossUs)),
                    round(RawLoop.median(djlab.lossUs)), Bench.round3(RawLoop.median(ratios)));
        } finally {
            Folders.deleteTree(scratch);
        }
    }

    private static double round(double us) {
        return Math.round(us);
    }

    /** One side of the comparison: a network, its trainer, and the times of its blocks. */
    private static final class Side implements AutoCloseable {

        final List<Double> batchUs = new ArrayList<>();
        final List<Double> stepUs = new ArrayList<>();
        final List<Double> lossUs = new ArrayList<>();
        private final Trainer trainer;
        private final int batch;

        Side(Model model, RunPlan plan, ExperimentSpec spec, int batch,
                java.util.function.Function<Model, Trainer> trainers) {
            model.setBlock(Networks.block(spec.model(), plan.layers()));
            this.trainer = trainers.apply(model);
            this.batch = batch;
            Engine.getInstance().setRandomSeed((int) (spec.seed() & 0x7fffffff));
            trainer.initialize(RunPlan.inputShape(plan.dataset(), batch));
        }

        /**
         * Trains {@link #BATCHES_PER_BLOCK} batches from batch {@code first} on, wrapping around after {@code batches};
         * returns microseconds per batch.
         */
        double block(NDArray images, NDArray labels, int first, int batches, boolean record) {
            long start = System.nanoTime();
            long step = 0;
            long loss = 0;
            for (int i = 0; i < BATCHES_PER_BLOCK; i++) {
                try (NDManager batchManager = trainer.getManager().newSubManager()) {
                    long from = (long) ((first + i) % batches) * batch;
                    NDList xy = RawLoop.slice(images, labels, from, from + batch, batchManager);
                    NDArray x = xy.get(0);
                    NDArray y = xy.get(1);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList predictions = trainer.forward(new NDList(x));
                        long l0 = System.nanoTime();
                        NDArray value = trainer.getLoss().evaluate(new NDList(y), predictions);
                        loss += System.nanoTime() - l0;
                        collector.backward(value);
                    }
                    long s0 = System.nanoTime();
                    trainer.step();
                    step += System.nanoTime() - s0;
                }
            }
            double perBatch = (System.nanoTime() - start) / 1e3 / BATCHES_PER_BLOCK;
            if (record) {
                batchUs.add(perBatch);
                stepUs.add(step / 1e3 / BATCHES_PER_BLOCK);
                lossUs.add(loss / 1e3 / BATCHES_PER_BLOCK);
            }
            return perBatch;
        }

        @Override
        public void close() {
            trainer.close();
        }
    }
}
