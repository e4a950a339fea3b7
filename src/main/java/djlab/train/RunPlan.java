package djlab.train;

import ai.djl.ndarray.types.Shape;
import djlab.data.DataLocator;
import djlab.data.DataSetKind;
import djlab.model.Networks;
import djlab.results.RunFolder;
import djlab.results.RunLabel;
import djlab.results.RunId;
import djlab.spec.ExperimentSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything about a run that can be known without training: its id and folder, where its data comes from, and the
 * checked list of layers. Building one checks all of that, so bad input fails here, before anything is written.
 *
 * @param specFile the spec's file, for messages
 * @param label where the run sits in a sweep, or null for a single run
 */
public record RunPlan(String specFile, ExperimentSpec spec, RunLabel label, String runId, RunFolder folder,
        DataSetKind dataset, Optional<Path> dataFolder, List<Networks.Layer> layers) {

    /** Where results go and data comes from, as given on the command line. */
    public record Locations(Path results, Path dataDir, String dataEnv) {
        public static Locations of(Path results, Path dataDir) {
            return new Locations(results, dataDir, System.getenv(DataLocator.ENV));
        }
    }

    public static RunPlan of(String specFile, ExperimentSpec spec, RunLabel label, Locations where) {
        DataSetKind kind = DataSetKind.of(spec.data().dataset());
        Optional<Path> folder = DataLocator.locate(specFile, kind, spec.data().dir(), where.dataDir(), where.dataEnv());
        List<Networks.Layer> layers = Networks.layers(specFile, spec.model(), inputShape(kind, 1), kind.classes());
        String runId = RunId.of(spec);
        return new RunPlan(specFile, spec, label, runId, RunFolder.of(where.results(), spec.name(), runId), kind, folder, layers);
    }

    public static Shape inputShape(DataSetKind kind, long batch) {
        long[] image = kind.imageShape();
        return new Shape(batch, image[0], image[1], image[2]);
    }
}
