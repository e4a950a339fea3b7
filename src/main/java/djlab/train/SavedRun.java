package djlab.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import djlab.data.ResidentDataset;
import djlab.data.Splits;
import djlab.loss.Losses;
import djlab.results.RunFolder;
import djlab.spec.ExperimentSpec;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A finished run folder brought back to life: its network rebuilt from spec.yaml with the saved parameters. */
public final class SavedRun {

    private SavedRun() {}

    /** Test loss and accuracy of the saved network, computed again from the data. */
    public static Scores evaluate(Path runDir, RunPlan.Locations where) {
        Path specPath = runDir.resolve(RunFolder.SPEC);
        if (!Files.isRegularFile(specPath)) {
            throw new BadInputException(runDir.toString(), null, "not a run folder: expected " + RunFolder.SPEC + " in it");
        }
        if (!hasParameters(runDir)) {
            String status = new RunFolder(runDir).summary().map(s -> "; its summary says " + s.status()
                    + (s.error() == null ? "" : " (" + s.error() + ")")).orElse("; it has no summary.json either "
                    + "(the run never finished)");
            throw new BadInputException(runDir.toString(), null, "expected the trained network's parameters ("
                    + RunFolder.MODEL + "-NNNN.params) in it, there are none" + status);
        }
        ExperimentSpec spec = SpecFiles.load(specPath, List.of());
        RunPlan plan = RunPlan.of(specPath.toString(), spec, null, where);
        Device device = Devices.of(specPath.toString(), spec.train().device());
        try (NDManager manager = NDManager.newBaseManager(device);
                Model model = Model.newInstance(spec.name(), device)) {
            model.setBlock(plan.block());
            try {
                model.load(runDir, RunFolder.MODEL);
            } catch (IOException | RuntimeException e) {
                throw broken(runDir, e);
            }
            // Bytes that are no parameter file can load as nothing, leaving parameters unset until the first use.
            for (var parameter : model.getBlock().getParameters()) {
                if (!parameter.getValue().isInitialized()) {
                    throw broken(runDir, new IllegalStateException("parameter " + parameter.getKey() + " is missing"));
                }
            }
            int heads = plan.dataset().heads();
            try (Splits splits = Splits.of(specPath.toString(), plan.dataset(), plan.read(manager), spec.data(),
                    spec.seed(), manager);
                    Trainer trainer = model.newTrainer(Training.config(spec.train().optimizer(),
                            new Schedule(spec.train().schedule(), spec.train().optimizer().lr(), 1, 1),
                            Heads.loss(Losses.of(spec.train().lossOrDefault(), splits.trainLabels(), plan.classes()),
                                    heads)))) {
                ai.djl.training.dataset.Dataset test = new ResidentDataset(splits.test(), 1000, false, 0);
                if (heads > 1) test = new djlab.data.HeadLabels(test, heads, plan.classes());
                return Evaluation.of(trainer, test);
            }
        } catch (MalformedModelException e) {
            throw new BadInputException(runDir.toString(), null, "the saved parameters do not fit the network in spec.yaml: "
                    + e.getMessage());
        }
    }

    private static BadInputException broken(Path runDir, Exception e) {
        return new BadInputException(runDir.toString(), null, "expected readable saved parameters (" + RunFolder.MODEL
                + "-NNNN.params), the file is cut off or not a parameter file (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }

    /** The output heads' names of the run's data set (empty for one head). */
    public static List<String> headNames(Path runDir) {
        ExperimentSpec spec = SpecFiles.load(runDir.resolve(RunFolder.SPEC), List.of());
        if (!djlab.spec.SpecValidator.DATASETS.contains(spec.data().dataset())) return List.of();
        return djlab.data.DataSetKind.of(spec.data().dataset()).headNames();
    }

    public static boolean hasParameters(Path runDir) {
        try (Stream<Path> files = Files.list(runDir)) {
            return files.anyMatch(p -> p.getFileName().toString().matches(RunFolder.MODEL + "-\\d+\\.params"));
        } catch (IOException e) {
            return false;
        }
    }
}
