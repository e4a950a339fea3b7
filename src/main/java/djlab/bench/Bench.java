package djlab.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import djlab.data.Splits;
import djlab.results.Folders;
import djlab.results.Metrics;
import djlab.results.RunFolder;
import djlab.results.RunRecord;
import djlab.results.Summary;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import djlab.train.RunPlan;
import djlab.train.Runner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a bench model twice in this process, through DJLab's own run machinery (exactly what {@code djlab run}
 * does) and through {@link RawLoop}, and reports both rates. Rates are medians over epochs of images per second
 * of training (shuffling, slicing, steps; loading and evaluation excluded), as the PyTorch reference measures.
 * The peak resident memory is the process's, which holds the data set once and both loops' networks.
 */
public final class Bench {

    /** One model's figures; the PyTorch ones are null when the reference was not run. */
    public record Result(String model, double djlabImgsPerS, double rawImgsPerS, double ratioToRaw, double testAccuracy,
            double peakRssMb, Double pytorchImgsPerS, Double ratioToPytorch, Double pytorchTestAccuracy, String threads,
            List<Long> djlabEpochImgsPerS, List<Long> rawEpochImgsPerS, int rounds, List<Long> pytorchEpochImgsPerS) {}

    /** The targets: DJLab at the minimal loop's rate, and against PyTorch per model. */
    public static final double RAW_TARGET = 0.95;

    /** DJLab / PyTorch wanted: at least PyTorch's rate, but 0.8 for the MLP, whose steps are too small to hide overhead. */
    public static double pytorchTarget(String model) {
        return model.equals("mlp") ? 0.8 : 1.0;
    }

    /** Which targets a result misses, for the bench's output: empty when all are met. */
    public static List<String> missed(Result r) {
        List<String> missed = new ArrayList<>();
        if (r.ratioToRaw() < RAW_TARGET) missed.add("djlab/raw < " + RAW_TARGET);
        if (r.ratioToPytorch() != null && r.ratioToPytorch() < pytorchTarget(r.model())) {
            missed.add("djlab/pytorch < " + pytorchTarget(r.model()));
        }
        return missed;
    }

    /** Untimed batches through the raw loop before anything is measured. */
    private static final int WARM_UP_BATCHES = 60;

    private Bench() {}

    /**
     * Measures one model. Each of {@code rounds} rounds is the minimal loop's first half of the epochs, DJLab's run,
     * the loop's second half, then the PyTorch reference (when given); the rates are medians over every epoch of
     * every round, so that more rounds average out a machine whose speed wanders.
     */
    public static Result measure(String model, Path spec, List<String> sets, RunPlan.Locations where,
            PythonReference python, int rounds) throws IOException {
        ExperimentSpec resolved = SpecFiles.load(spec, sets);
        Path scratch = Files.createTempDirectory("djlab-bench");
        try {
            RunPlan plan = RunPlan.of(spec.toString(), resolved, null,
                    new RunPlan.Locations(scratch, where.dataDir(), where.dataEnv()));
            Device device = Device.cpu();
            int epochs = resolved.train().epochs();
            List<Double> djlabRates = new ArrayList<>();
            List<Double> rawRates = new ArrayList<>();
            List<Double> torchRates = new ArrayList<>();
            Double torchAccuracy = null;
            Summary summary = null;
            try (NDManager manager = NDManager.newBaseManager(device);
                    Splits splits = Splits.of(spec.toString(), plan.dataset(),
                            Splits.read(plan.dataset(), plan.dataFolder(), manager), resolved.data(), resolved.seed(), manager)) {
                RawLoop.epochRates(plan, splits, device, 1, WARM_UP_BATCHES);
                warmUp(spec, sets, resolved.train().batchSize(), scratch, where);
                for (int round = 0; round < rounds; round++) {
                    // The minimal loop's epochs bracket DJLab's run, half before and half after, so that a machine
                    // getting slower or faster during the sitting moves both figures alike.
                    rawRates.addAll(RawLoop.epochRates(plan, splits, device, (epochs + 1) / 2));
                    Runner.Outcome outcome = Runner.run(plan, true,
                            new Runner.Display(false, new PrintStream(OutputStream.nullOutputStream())));
                    summary = outcome.summary();
                    if (!summary.completed()) {
                        throw new IllegalStateException(model + ": the DJLab run " + summary.status() + ": " + summary.error());
                    }
                    djlabRates.addAll(epochRates(plan.folder()));
                    rawRates.addAll(RawLoop.epochRates(plan, splits, device, Math.max(1, epochs / 2)));
                    if (python != null) {
                        PythonReference.Figures torch = python.run(model, epochs, plan.dataFolder().orElse(null));
                        torchRates.addAll(torch.epochRates());
                        torchAccuracy = torch.testAccuracy();
                    }
                }
            }
            double djlab = RawLoop.median(djlabRates);
            double raw = RawLoop.median(rawRates);
            Double torch = torchRates.isEmpty() ? null : (double) Math.round(RawLoop.median(torchRates));
            return new Result(model, Math.round(djlab), Math.round(raw), round3(djlab / raw),
                    summary.metrics().get(Metrics.TEST_ACCURACY).last(), Math.round(Memory.peakRssMb()),
                    torch, torch == null ? null : round3(djlab / torch),
                    torchAccuracy,
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), rounded(djlabRates), rounded(rawRates),
                    rounds, torch == null ? null : rounded(torchRates));
        } finally {
            Folders.deleteTree(scratch);
        }
    }

    /** A short untimed DJLab run, so that DJLab's first timed epoch does not pay for class loading and JIT. */
    private static void warmUp(Path spec, List<String> sets, int batch, Path scratch, RunPlan.Locations where) {
        List<String> small = new ArrayList<>(sets);
        small.addAll(List.of("train.epochs=1", "data.limit.train=" + WARM_UP_BATCHES * batch, "data.limit.test=1000"));
        RunPlan warm = RunPlan.of(spec.toString(), SpecFiles.load(spec, small), null,
                new RunPlan.Locations(scratch.resolve("warm-up"), where.dataDir(), where.dataEnv()));
        Runner.run(warm, true, new Runner.Display(false, new PrintStream(OutputStream.nullOutputStream())));
    }

    /** Images per second of each epoch, from the run's own epochs.csv. */
    static List<Double> epochRates(RunFolder folder) {
        RunRecord run = folder.record();
        double[] seconds = run.epochs().numbers(Metrics.EPOCH_SECONDS);
        Summary summary = run.summary().orElseThrow();
        int records = (int) Math.round(summary.imagesPerSecond() * summary.trainSeconds() / seconds.length);
        List<Double> rates = new ArrayList<>();
        for (double s : seconds) rates.add(records / s);
        return rates;
    }

    private static List<Long> rounded(List<Double> rates) {
        return rates.stream().map(Math::round).toList();
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

}
