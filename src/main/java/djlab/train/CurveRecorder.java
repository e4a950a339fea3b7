package djlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import djlab.results.RunFolder;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a run's curves as a DJL {@link TrainingListener}: train loss and accuracy per {@code log_every} window
 * with the learning rate ({@code iterations.csv}), and per epoch train, validation and test loss and accuracy with
 * timings ({@code epochs.csv}). Running totals stay on the device and are read once per window and epoch, not per
 * batch.
 * A loss that turns NaN or infinite stops training with {@link DivergedException}.
 */
public final class CurveRecorder extends TrainingListenerAdapter {

    /** One row of {@code epochs.csv}; validate scores are null without a validation set. */
    public record EpochRow(int epoch, Scores train, Scores validate, Scores test, double epochSeconds,
            double elapsedSeconds, int iteration) {}

    /** The latest training window, for progress display. */
    public record Window(int iteration, int epoch, double lr, double loss, double accuracy) {}

    private final RunFolder.Curve iterationCurve;
    private final RunFolder.Curve epochCurve;
    private final Schedule schedule;
    private final int logEvery;
    private final int totalIterations;
    private final Dataset validate;
    private final Dataset test;
    private final List<EpochRow> epochs = new ArrayList<>();
    private final List<Runnable> onEpoch = new ArrayList<>();
    /** Several output heads: the names of the accuracies recorded beside the mean one ({@link Heads#parts}). */
    private List<String> parts = List.of();
    /** Several output heads: each head's correct count and every head right, since the start of training. */
    private NDArray partCounts;

    private NDManager manager;
    /*
     * Running totals since the start of training, in float64 so differences stay exact: the mean losses of
     * full-size batches (times the batch size when read), the summed losses of smaller ones, and the correct count.
     * Kept apart so a full batch costs one in-place add for its loss, not a multiply as well.
     */
    private NDArray fullBatchLosses;
    private NDArray otherLosses;
    private NDArray correctCount;
    private int fullBatch = -1;
    /** A run whose training loss exceeds this many times its first batch's loss (or 1) has diverged. */
    public static final double DIVERGED_FACTOR = 1e6;
    private double firstLoss = Double.NaN;
    private double[] windowStart = new double[2];
    private double[] epochStart = new double[2];
    private int windowRecords;
    private int epochRecords;
    private int iteration;
    private int epoch = 1;
    private long startNanos;
    private long epochStartNanos;
    private double trainSeconds;
    private volatile Window lastWindow;
    private ExtraMetrics extras = ExtraMetrics.none();
    /** {@code train.eval_every}: iterations between evaluations besides the epoch ends; 0 for none. */
    private int evalEvery;
    /** {@code train.iterations_to}: the accuracies whose first iteration is recorded; empty for none. */
    private List<Double> thresholds = List.of();
    /** The first iteration at which each accuracy reached each threshold, by metric and threshold. */
    private final java.util.Map<String, java.util.Map<String, Integer>> reached = new java.util.TreeMap<>();
    /** A window row at a multiple of eval_every, waiting for the evaluation after its batch's update. */
    private List<Object> pendingRow;
    /** Time spent in those evaluations this epoch: not training time. */
    private long evalNanos;

    public CurveRecorder(RunFolder.Curve iterationCurve, RunFolder.Curve epochCurve, Schedule schedule, int logEvery,
            int totalIterations, Dataset validate, Dataset test) {
        this.iterationCurve = iterationCurve;
        this.epochCurve = epochCurve;
        this.schedule = schedule;
        this.logEvery = logEvery;
        this.totalIterations = totalIterations;
        this.validate = validate;
        this.test = test;
    }

    /** Records, for a network with several heads, each head's accuracy and every head right as extra columns. */
    public CurveRecorder withParts(List<String> parts) {
        this.parts = parts;
        return this;
    }

    /** Also the metrics of {@code train.metrics} (top-k, per class), as columns after all others. */
    public CurveRecorder withExtras(ExtraMetrics extras) {
        this.extras = extras;
        return this;
    }

    /**
     * Also evaluates the validation and test sets every {@code evalEvery} iterations (0: at epoch ends only), into
     * the columns {@link #evaluationColumns} of iterations.csv, and records the first iteration at which each accuracy
     * reaches each of {@code thresholds} ({@link #iterationsTo}).
     */
    public CurveRecorder withEvaluations(int evalEvery, List<Double> thresholds) {
        this.evalEvery = evalEvery;
        this.thresholds = thresholds == null ? List.of() : thresholds;
        return this;
    }

    /** The columns of iterations.csv that {@code train.eval_every} adds, after all others. */
    public static List<String> evaluationColumns(boolean validation) {
        return validation ? List.of("validate_loss", "validate_accuracy", "test_loss", "test_accuracy")
                : List.of("test_loss", "test_accuracy");
    }

    /** The extra columns of iterations.csv for {@code parts}: {@code train_<part>_accuracy}. */
    public static List<String> iterationColumns(List<String> parts) {
        List<String> columns = new ArrayList<>();
        for (String part : parts) columns.add("train_" + part + "_accuracy");
        return columns;
    }

    /** The extra columns of epochs.csv for {@code parts}: train, validate and test {@code _<part>_accuracy}. */
    public static List<String> epochColumns(List<String> parts) {
        List<String> columns = new ArrayList<>();
        for (String split : List.of("train", "validate", "test")) {
            for (String part : parts) columns.add(split + "_" + part + "_accuracy");
        }
        return columns;
    }

    /** Called after each epoch's row is recorded (progress display). */
    public void onEpochRecorded(Runnable action) {
        onEpoch.add(action);
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        manager = trainer.getManager().newSubManager();
        fullBatchLosses = manager.zeros(new Shape(), DataType.FLOAT64);
        otherLosses = manager.zeros(new Shape(), DataType.FLOAT64);
        correctCount = manager.zeros(new Shape(), DataType.FLOAT64);
        if (!parts.isEmpty()) {
            partCounts = manager.zeros(new Shape(parts.size()), DataType.FLOAT64);
            windowStart = new double[2 + parts.size()];
            epochStart = new double[2 + parts.size()];
        }
        startNanos = System.nanoTime();
        epochStartNanos = startNanos;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        NDList labels = batchData.getLabels().values().iterator().next();
        NDList predictions = batchData.getPredictions().values().iterator().next();
        int size = (int) labels.head().size();
        NDArray meanLoss = batchData instanceof LossBatchData withLoss ? withLoss.loss()
                : trainer.getLoss().evaluate(labels, predictions);
        // Few, small ops per batch and no read back to the host: each op costs a dispatch through JNI and OpenMP.
        if (fullBatch < 0) {
            fullBatch = size;
            // The one read back of a batch's loss: where training started, for telling divergence (checkFinite).
            firstLoss = meanLoss.toType(DataType.FLOAT64, false).getDouble();
        }
        if (size == fullBatch) {
            fullBatchLosses.addi(meanLoss);
        } else {
            otherLosses.addi(meanLoss.mul(size));
        }
        if (parts.isEmpty()) {
            correctCount.addi(predictions.head().argMax(1).eq(labels.head()).sum());
        } else {
            // Several heads: the mean over heads, then each head and every head right (Heads.correct).
            NDArray counts = Heads.correct(predictions, labels);
            correctCount.addi(counts.get(0));
            partCounts.addi(counts.get("1:"));
        }
        windowRecords += size;
        epochRecords += size;
        iteration++;
        if (iteration % logEvery == 0 || iteration == totalIterations) {
            flushWindow();
        }
    }

    /**
     * After the update of the batch just recorded: the evaluation its window row waits for, when the iteration is a
     * multiple of eval_every, measured on the parameters after that update (as at an epoch's end).
     */
    public void afterStep(Trainer trainer) {
        if (pendingRow == null) return;
        long begin = System.nanoTime();
        Scores val = validate == null ? null : Evaluation.of(trainer, validate);
        Scores tst = Evaluation.of(trainer, test);
        evalNanos += System.nanoTime() - begin;
        if (val != null) {
            pendingRow.addAll(List.of((float) val.loss(), (float) val.accuracy()));
            reach("validate_accuracy", val.accuracy());
        }
        pendingRow.addAll(List.of((float) tst.loss(), (float) tst.accuracy()));
        reach("test_accuracy", tst.accuracy());
        iterationCurve.row(pendingRow.toArray());
        pendingRow = null;
    }

    private void reach(String metric, double value) {
        for (double threshold : thresholds) {
            if (value >= threshold) {
                reached.computeIfAbsent(metric, m -> new java.util.TreeMap<>())
                        .putIfAbsent(Double.toString(threshold), iteration);
            }
        }
    }

    /** What {@link #withEvaluations} asked to record: metric -> threshold -> first iteration; empty when nothing. */
    public java.util.Map<String, java.util.Map<String, Integer>> iterationsTo() {
        return reached;
    }

    private void flushWindow() {
        double[] now = totals();
        double loss = (now[0] - windowStart[0]) / windowRecords;
        double accuracy = (now[1] - windowStart[1]) / windowRecords;
        Object[] extra = new Object[parts.size()];
        for (int i = 0; i < parts.size(); i++) extra[i] = (float) ((now[2 + i] - windowStart[2 + i]) / windowRecords);
        windowStart = now;
        double lr = schedule.at(iteration);
        reach("train_accuracy", accuracy);
        if (evalEvery > 0) {
            List<Object> cells = new ArrayList<>(List.of(iteration, epoch, (float) lr, (float) loss, (float) accuracy));
            cells.addAll(List.of(extra));
            if (iteration % evalEvery == 0 && Double.isFinite(loss)) {
                pendingRow = cells;
            } else {
                for (int i = 0; i < evaluationColumns(validate != null).size(); i++) cells.add(null);
                iterationCurve.row(cells.toArray());
            }
        } else if (parts.isEmpty()) {
            iterationCurve.row(iteration, epoch, (float) lr, (float) loss, (float) accuracy);
        } else {
            List<Object> cells = new ArrayList<>(List.of(iteration, epoch, (float) lr, (float) loss, (float) accuracy));
            cells.addAll(List.of(extra));
            iterationCurve.row(cells.toArray());
        }
        lastWindow = new Window(iteration, epoch, lr, loss, accuracy);
        windowRecords = 0;
        checkFinite(loss);
    }

    @Override
    public void onEpoch(Trainer trainer) {
        long now = System.nanoTime();
        double epochSeconds = (now - epochStartNanos - evalNanos) / 1e9;
        evalNanos = 0;
        trainSeconds += epochSeconds;
        double[] sums = totals();
        Scores train;
        if (parts.isEmpty()) {
            train = Scores.of((float) (sums[0] - epochStart[0]), (float) (sums[1] - epochStart[1]), epochRecords);
        } else {
            float[] correct = new float[sums.length - 1];
            for (int i = 1; i < sums.length; i++) correct[i - 1] = (float) (sums[i] - epochStart[i]);
            train = Scores.of((float) (sums[0] - epochStart[0]), correct, epochRecords);
        }
        epochStart = sums;
        checkFinite(train.loss());
        epochRecords = 0;
        Scores val = validate == null ? null : Evaluation.of(trainer, validate, extras.evaluators(), ExtraMetrics.VALIDATE);
        Scores tst = Evaluation.of(trainer, test, extras.evaluators(), ExtraMetrics.TEST);
        if (val != null) reach("validate_accuracy", val.accuracy());
        reach("test_accuracy", tst.accuracy());
        List<Double> more = extras.row();
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        EpochRow row = new EpochRow(epoch, train, val, tst, epochSeconds, elapsed, iteration);
        epochs.add(row);
        if (parts.isEmpty() && more.isEmpty()) {
            epochCurve.row(epoch, (float) train.loss(), (float) train.accuracy(),
                    val == null ? null : (float) val.loss(), val == null ? null : (float) val.accuracy(),
                    (float) tst.loss(), (float) tst.accuracy(), round(epochSeconds), round(elapsed));
        } else {
            // Several heads: the standard columns, then train, validate and test per head and every head right.
            List<Object> cells = new ArrayList<>(List.of(epoch, (float) train.loss(), (float) train.accuracy()));
            cells.add(val == null ? null : (float) val.loss());
            cells.add(val == null ? null : (float) val.accuracy());
            cells.addAll(List.of((float) tst.loss(), (float) tst.accuracy(), round(epochSeconds), round(elapsed)));
            for (Scores scores : new Scores[] {train, val, tst}) {
                for (int i = 0; i < parts.size(); i++) {
                    cells.add(scores == null || scores.parts() == null ? null : (Object) scores.parts().get(i).floatValue());
                }
            }
            cells.addAll(more);
            epochCurve.row(cells.toArray());
        }
        onEpoch.forEach(Runnable::run);
        epoch++;
        epochStartNanos = System.nanoTime();
    }

    /** [loss sum, correct count] since the start of training: one read from the device per total. */
    private double[] totals() {
        if (!parts.isEmpty()) {
            double[] counts = partCounts.toDoubleArray();
            double[] all = new double[2 + counts.length];
            all[0] = fullBatchLosses.getDouble() * fullBatch + otherLosses.getDouble();
            all[1] = correctCount.getDouble();
            System.arraycopy(counts, 0, all, 2, counts.length);
            return all;
        }
        return new double[] {fullBatchLosses.getDouble() * fullBatch + otherLosses.getDouble(), correctCount.getDouble()};
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    private void checkFinite(double loss) {
        if (!Double.isFinite(loss)) {
            throw new DivergedException("the training loss became " + loss + " at iteration " + iteration
                    + " (epoch " + epoch + ")");
        }
        // A finite loss this far above where training started is divergence too, not a result (docs/spec.md).
        if (loss > DIVERGED_FACTOR * Math.max(firstLoss, 1)) {
            throw new DivergedException("the training loss reached " + (float) loss + " at iteration " + iteration
                    + " (epoch " + epoch + "), over " + (long) DIVERGED_FACTOR + " times its first batch's loss "
                    + (float) firstLoss);
        }
    }

    @Override
    public void onTrainingEnd(Trainer trainer) {
        if (manager != null) manager.close();
    }

    /**
     * Everything this recorder has counted, for a checkpoint at a batch boundary: running sums (exact doubles),
     * window and epoch starts, counters, the epoch rows so far and the time trained.
     */
    public void saveState(com.fasterxml.jackson.databind.node.ObjectNode json) {
        json.put("iteration", iteration);
        json.put("epoch", epoch);
        json.put("full_batch", fullBatch);
        json.put("full_batch_losses", fullBatchLosses.getDouble());
        json.put("other_losses", otherLosses.getDouble());
        json.put("correct", correctCount.getDouble());
        if (partCounts != null) putDoubles(json, "part_counts", partCounts.toDoubleArray());
        putDoubles(json, "window_start", windowStart);
        putDoubles(json, "epoch_start", epochStart);
        json.put("window_records", windowRecords);
        json.put("epoch_records", epochRecords);
        json.put("train_seconds", trainSeconds);
        long now = System.nanoTime();
        json.put("elapsed_seconds", (now - startNanos) / 1e9);
        json.put("epoch_elapsed_seconds", (now - epochStartNanos) / 1e9);
        json.set("epochs", STATE.valueToTree(epochs));
        if (!reached.isEmpty()) json.set("iterations_to", STATE.valueToTree(reached));
    }

    /** Puts back what {@link #saveState} saved; after {@link #onTrainingBegin}. */
    public void restoreState(com.fasterxml.jackson.databind.JsonNode json) {
        iteration = json.path("iteration").asInt();
        epoch = json.path("epoch").asInt();
        fullBatch = json.path("full_batch").asInt();
        setScalar(fullBatchLosses, json.path("full_batch_losses").asDouble());
        setScalar(otherLosses, json.path("other_losses").asDouble());
        setScalar(correctCount, json.path("correct").asDouble());
        if (partCounts != null) {
            NDArray saved = manager.create(doubles(json.path("part_counts")));
            partCounts.set(new ai.djl.ndarray.index.NDIndex("..."), saved);
            saved.close();
        }
        windowStart = doubles(json.path("window_start"));
        epochStart = doubles(json.path("epoch_start"));
        windowRecords = json.path("window_records").asInt();
        epochRecords = json.path("epoch_records").asInt();
        trainSeconds = json.path("train_seconds").asDouble();
        long now = System.nanoTime();
        startNanos = now - (long) (json.path("elapsed_seconds").asDouble() * 1e9);
        epochStartNanos = now - (long) (json.path("epoch_elapsed_seconds").asDouble() * 1e9);
        epochs.clear();
        for (com.fasterxml.jackson.databind.JsonNode row : json.path("epochs")) {
            epochs.add(STATE.convertValue(row, EpochRow.class));
        }
        reached.clear();
        json.path("iterations_to").fields().forEachRemaining(metric -> metric.getValue().fields().forEachRemaining(
                t -> reached.computeIfAbsent(metric.getKey(), m -> new java.util.TreeMap<>()).put(t.getKey(),
                        t.getValue().asInt())));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper STATE = new com.fasterxml.jackson.databind.ObjectMapper();

    private static void setScalar(NDArray target, double value) {
        try (NDArray v = target.getManager().create(value)) {
            target.set(new ai.djl.ndarray.index.NDIndex("..."), v);
        }
    }

    private static void putDoubles(com.fasterxml.jackson.databind.node.ObjectNode json, String name, double[] values) {
        com.fasterxml.jackson.databind.node.ArrayNode array = json.putArray(name);
        for (double v : values) array.add(v);
    }

    private static double[] doubles(com.fasterxml.jackson.databind.JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) values[i] = array.get(i).asDouble();
        return values;
    }

    public List<EpochRow> epochs() {
        return epochs;
    }

    public int iteration() {
        return iteration;
    }

    public int epoch() {
        return epoch;
    }

    public double trainSeconds() {
        return trainSeconds;
    }

    public Window lastWindow() {
        return lastWindow;
    }
}
