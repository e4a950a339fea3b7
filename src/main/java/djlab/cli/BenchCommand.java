package djlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import djlab.bench.Bench;
import djlab.bench.PythonReference;
import djlab.bench.StepComparison;
import djlab.bench.SweepMemory;
import djlab.spec.SpecFiles;
import djlab.train.RunPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = ReplayCommand.class,
        description = "Training speed: each bench model (experiments/bench/) trained through DJLab's run machinery "
                + "and through a minimal DJL loop in this process, optionally beside the PyTorch reference; or, with "
                + "--sweep-memory, resident memory over many runs in a row.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DebugOption debug;

    @Option(names = "--models", split = ",", defaultValue = "mlp,lenet,cnnbn",
            description = "Bench models, from experiments/bench/<model>.yaml (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--epochs", defaultValue = "2", converter = Values.AtLeastOne.class, description = "Epochs per model (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1", converter = Values.AtLeastOne.class, description = "Repeat the side-by-side "
            + "measurement N times and take medians over all epochs, for a machine whose speed wanders (default: "
            + "${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--step-comparison", description = "Instead of the side-by-side: DJLab's training step and loss "
            + "against DJL's stock ones, in alternating blocks of " + "50 batches in this process (--pairs of them).")
    boolean stepComparison;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "30", converter = Values.AtLeastOne.class,
            description = "Pairs of blocks for --step-comparison (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--threads", paramLabel = "N", converter = Values.AtLeastOne.class, description = "PyTorch intra-op threads (default: the launcher's).")
    Integer threads;

    @Option(names = "--pytorch", paramLabel = "SCRIPT", description = "Also run the PyTorch reference script, e.g. "
            + "../shared/bench/pytorch/bench_torch.py (needs python3 with torch).")
    Path pytorch;

    @Option(names = "--python", defaultValue = "python3",
            description = "Python interpreter with torch for --pytorch (default: ${DEFAULT-VALUE}; Debian's is /usr/bin/python3).")
    String pythonCommand;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override a field of every bench spec, as in "
            + "`djlab run --set` (e.g. data.limit.train=20000 for a quicker reading).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--json", description = "Print the figures as JSON, one object per model.")
    boolean json;

    @Option(names = "--sweep-memory", description = "Run --runs small runs in a row and show resident memory after each.")
    boolean sweepMemory;

    @Option(names = "--runs", defaultValue = "20", converter = Values.AtLeastTwo.class, description = "Runs for --sweep-memory (default: ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    DataDirOption data;

    @Option(names = "--bench-dir", paramLabel = "DIR", defaultValue = "experiments/bench", hidden = true)
    Path benchDir;

    @Override
    public Integer call() throws IOException {
        if (threads != null) {
            // Read once when the engine loads, which has not happened yet in this process.
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        }
        RunPlan.Locations where = RunPlan.Locations.of(Path.of("results"), data.dataDir);
        if (sweepMemory) {
            return memory(where);
        }
        if (stepComparison) {
            return stepComparison(where);
        }
        PythonReference python = null;
        if (pytorch != null) {
            if (!Files.isRegularFile(pytorch)) throw new Main.BadArguments(spec, "--pytorch", "no such script: " + pytorch);
            python = new PythonReference(pythonCommand, pytorch, threads != null ? threads
                    : Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()));
        }
        // Every spec checked before anything is printed: a bad --set is one error line, not a table cut short.
        for (String model : models) SpecFiles.load(spec(model), withEpochs(sets));
        List<Bench.Result> results = new ArrayList<>();
        if (!json) out().println(header());
        for (String model : models) {
            Bench.Result r = Bench.measure(model, spec(model), withEpochs(sets), where, python, rounds);
            results.add(r);
            if (json) {
                Map<String, Object> fields = SpecFiles.json().convertValue(r, new TypeReference<LinkedHashMap<String, Object>>() {});
                fields.put("targets_missed", Bench.missed(r));
                out().println(oneLine().writeValueAsString(fields));
            } else {
                out().println(row(r));
            }
        }
        return 0;
    }

    private List<String> withEpochs(List<String> overrides) {
        List<String> all = new ArrayList<>(overrides);
        all.add("train.epochs=" + epochs);
        return all;
    }

    private Path spec(String model) {
        Path spec = benchDir.resolve(model + ".yaml");
        if (!Files.isRegularFile(spec)) {
            throw new Main.BadArguments(this.spec, "--models", "no bench model '" + model + "' (expected " + spec + ")");
        }
        return spec;
    }

    private int stepComparison(RunPlan.Locations where) throws IOException {
        for (String model : models) SpecFiles.load(spec(model), sets);
        for (String model : models) {
            StepComparison.Result r = StepComparison.measure(model, spec(model), sets, where, pairs);
            if (json) {
                out().println(oneLine().writeValueAsString(r));
            } else {
                out().printf(Locale.ROOT, "%s: microseconds per batch (medians of %d blocks of %d batches a side): "
                        + "DJL's stock step and loss %.0f, DJLab's %.0f (step %.0f vs %.0f, loss %.0f vs %.0f); "
                        + "DJL / DJLab per pair of blocks: %.3f%n", r.model(), r.pairs(), r.batchesPerBlock(),
                        r.djlBatchUs(), r.djlabBatchUs(), r.djlStepUs(), r.djlabStepUs(), r.djlLossUs(), r.djlabLossUs(),
                        r.djlOverDjlab());
            }
        }
        return 0;
    }

    private int memory(RunPlan.Locations where) throws IOException {
        List<String> small = new ArrayList<>(List.of("train.epochs=1", "data.limit.train=10000", "data.limit.test=2000"));
        small.addAll(sets);
        List<SweepMemory.Point> points = SweepMemory.measure(spec("mlp"), small, where, runs,
                json ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream()) : Output.stream(out()));
        SweepMemory.Growth growth = SweepMemory.Growth.of(points);
        if (json) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("runs", growth.runs());
            figures.put("rss_run2_mb", growth.rssRun2Mb());
            figures.put("rss_last_mb", growth.rssLastMb());
            figures.put("growth_percent", growth.growthPercent());
            figures.put("flat", growth.flat());
            out().println(oneLine().writeValueAsString(figures));
        } else {
            out().printf(Locale.ROOT, "resident memory from run 2 to run %d: %.1f -> %.1f MiB (%+.1f%%, target < 10%%: %s)%n",
                    growth.runs(), growth.rssRun2Mb(), growth.rssLastMb(), growth.growthPercent(), growth.flat() ? "met" : "NOT MET");
        }
        return 0;
    }

    /** One JSON object per line, so scripts can read the output line by line. */
    private static com.fasterxml.jackson.databind.ObjectWriter oneLine() {
        return SpecFiles.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    }

    private static String header() {
        return String.format("%-7s %12s %12s %8s %12s %9s %9s %9s %8s  %s", "model", "djlab img/s", "raw img/s", "ratio",
                "pytorch img/s", "vs torch", "test acc", "torch acc", "peak MiB", "targets");
    }

    private static String row(Bench.Result r) {
        List<String> missed = Bench.missed(r);
        return String.format(Locale.ROOT, "%-7s %12.0f %12.0f %8.3f %12s %9s %9.4f %9s %8.0f  %s", r.model(), r.djlabImgsPerS(),
                r.rawImgsPerS(), r.ratioToRaw(), r.pytorchImgsPerS() == null ? "-" : String.format("%.0f", r.pytorchImgsPerS()),
                r.ratioToPytorch() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.ratioToPytorch()), r.testAccuracy(),
                r.pytorchTestAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.pytorchTestAccuracy()), r.peakRssMb(),
                missed.isEmpty() ? "met" : "MISSED: " + String.join(", ", missed));
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
