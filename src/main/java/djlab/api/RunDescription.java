package djlab.api;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import djlab.data.DataSetKind;
import djlab.model.Architecture;
import djlab.model.Footprint;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import djlab.train.RunPlan;
import java.nio.file.Path;

/** A planned run described for a reader: what {@code djlab validate} prints of it. */
final class RunDescription {

    /** Networks up to this many parameters are built to print their layers; larger ones are counted. */
    static final long BUILD_LIMIT = 100_000_000;

    private RunDescription() {}

    static String of(RunPlan plan) {
        ExperimentSpec spec = plan.spec();
        StringBuilder out = new StringBuilder();
        out.append("# resolved spec (run-id ").append(plan.runId()).append(")\n");
        out.append(SpecFiles.toYaml(spec)).append('\n');
        out.append("# data: ").append(spec.data().dataset()).append(" from ")
                .append(plan.dataFolder().map(Path::toString).orElse(plan.dataset() == DataSetKind.PLUGIN
                        ? "its plug-in" : "DJL's download (no local folder given)")).append('\n');
        // A plug-in's network has no layer specs to count from: it is built (it was once already, to check it).
        boolean provided = spec.model().provider() != null;
        Footprint footprint = Footprint.of(plan.layers());
        if (provided || footprint.parameters() <= BUILD_LIMIT) {
            Shape input = plan.inputShape(1);
            try (NDManager manager = NDManager.newBaseManager()) {
                Architecture architecture = Architecture.of(plan.block(), plan.layers(), input, manager);
                out.append("# architecture\n").append(architecture.format());
            }
        } else {
            // Building would allocate (and fill) every parameter: seconds to minutes and gigabytes for nothing.
            out.append("# architecture (counted from the shapes, not built: over ").append(BUILD_LIMIT / 1_000_000)
                    .append(" million parameters)\n").append(footprint.format(plan.imageShape()));
        }
        int batch = spec.train().batchSize();
        if (!provided) {
            out.append("# memory: about ").append(Footprint.size(footprint.trainingBytes(batch, spec.train().optimizer())))
                    .append(" to train (parameters with gradients and optimizer state ")
                    .append(Footprint.size(footprint.parameterBytes(spec.train().optimizer())))
                    .append(", activations of a batch of ").append(batch).append(' ')
                    .append(Footprint.size(footprint.activationBytes(batch))).append(")\n");
        }
        out.append("# results: ").append(plan.folder().dir()).append(plan.folder().isCompleted() ? " (completed)" : "")
                .append('\n');
        return out.toString();
    }
}
