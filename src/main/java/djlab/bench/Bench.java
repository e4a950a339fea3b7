package djlab.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import djlab.data.Splits;
import djlab.results.Folders;
import djlab.results.RunFolder;
import djlab.results.Summary;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import djlab.train.RunPlan;
import djlab.train.Runner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Trains a bench model twice in this process, through DJLab's own run machinery (exactly what {@code djlab run}
 * does) and through {@link RawLoop}, and reports both rates. Rates are medians over epochs of images per second
 * of training (shuffling, slicing, steps; loading and evaluation excluded), as the PyTorch reference measures.
 */
public final class Bench {

    /** One model's figures; the PyTorch ones are null when the reference was not run. */
    public record Result(String model, double djlabImgsPerS, double rawImgsPerS, double ratioToRaw, double testAccuracy,
            double peakRssMb, Double pytorchImgsPerS, Double ratioToPytorch, Double pytorchTestAccuracy, String threads) {}

    /** Untimed batches through the raw loop before anything is measured. */
    private static final int WARM_UP_BATCHES = 60;

    private Bench() {}

    public static Result measure(String model, Path spec, List<String> sets, RunPlan.Locations where,
            PythonReference python) throws IOException {
        ExperimentSpec resolved = SpecFiles.load(spec, sets);
        Path scratch = Files.createTempDirectory("djlab-bench");
        try {
            RunPlan plan = RunPlan.of(spec.toString(), resolved, null,
                    new RunPlan.Locations(scratch, where.dataDir(), where.dataEnv()));
            Device device = Device.cpu();
            double djlab;
            double raw;
            Summary summary;
            try (NDManager manager = NDManager.newBaseManager(device);
                    Splits splits = Splits.of(spec.toString(), plan.dataset(),
                            Splits.read(plan.dataset(), plan.dataFolder(), manager), resolved.data(), resolved.seed(), manager)) {
                RawLoop.epochRates(plan, splits, device, WARM_UP_BATCHES);
                Runner.Outcome outcome = Runner.run(plan, true,
                        new Runner.Display(false, new PrintStream(OutputStream.nullOutputStream())));
                summary = outcome.summary();
                if (!summary.completed()) {
                    throw new IllegalStateException(model + ": the DJLab run " + summary.status() + ": " + summary.error());
                }
                djlab = RawLoop.median(epochRates(plan.folder()));
                raw = RawLoop.median(RawLoop.epochRates(plan, splits, device));
            }
            double peak = Memory.peakRssMb();
            PythonReference.Figures torch = python == null ? null
                    : python.run(model, resolved.train().epochs(), plan.dataFolder().orElse(null));
            return new Result(model, Math.round(djlab), Math.round(raw), round3(djlab / raw),
                    summary.metrics().get("test_accuracy").last(), Math.round(peak),
                    torch == null ? null : torch.imgsPerS(), torch == null ? null : round3(djlab / torch.imgsPerS()),
                    torch == null ? null : torch.testAccuracy(),
                    System.getProperty("ai.djl.pytorch.num_threads", "default"));
        } finally {
            Folders.deleteTree(scratch);
        }
    }

    /** Images per second of each epoch, from the run's own epochs.csv. */
    static List<Double> epochRates(RunFolder folder) throws IOException {
        int records = -1;
        List<Double> seconds = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(folder.dir().resolve(RunFolder.EPOCHS))) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
                seconds.add(Double.parseDouble(row.get("epoch_seconds")));
            }
        }
        Summary summary = folder.summary().orElseThrow();
        records = (int) Math.round(summary.imagesPerSecond() * summary.trainSeconds() / seconds.size());
        List<Double> rates = new ArrayList<>();
        for (double s : seconds) rates.add(records / s);
        return rates;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

}
