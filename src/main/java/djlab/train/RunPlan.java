package djlab.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import djlab.data.DataLocator;
import djlab.data.DataSetKind;
import djlab.data.ImageFolders;
import djlab.data.RawImages;
import ai.djl.nn.Block;
import djlab.model.Footprint;
import djlab.plugin.Plugins;
import djlab.plugin.ProvidedData;
import djlab.plugin.Provided;
import djlab.model.Networks;
import djlab.results.RunFolder;
import djlab.results.RunLabel;
import djlab.results.RunId;
import djlab.spec.ExperimentSpec;
import djlab.spec.BadInputException;
import djlab.spec.TrainSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything about a run that can be known without training: its id and folder, where its data comes from, and the
 * checked list of layers. Building one checks all of that, so bad input fails here, before anything is written.
 *
 * @param specFile the spec's file, for messages
 * @param label where the run sits in a sweep, or null for a single run
 * @param imageShape one image's shape (channels, height, width)
 * @param classNames the classes, in label order
 */
public record RunPlan(String specFile, ExperimentSpec spec, RunLabel label, String runId, RunFolder folder,
        DataSetKind dataset, Optional<Path> dataFolder, List<Networks.Layer> layers, long[] imageShape,
        List<String> classNames) {

    /** Where results go and data comes from, as given on the command line. */
    public record Locations(Path results, Path dataDir, String dataEnv) {
        public static Locations of(Path results, Path dataDir) {
            return new Locations(results, dataDir, System.getenv(DataLocator.ENV));
        }

        /** As {@link #of}, for commands that write runs: the results folder must be one DJLab can write into. */
        public static Locations forWriting(Path results, Path dataDir) {
            Path existing = results.toAbsolutePath().normalize();
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            if (existing != null && !Files.isDirectory(existing)) {
                throw new BadInputException(null, "--results", "expected a folder, " + existing + " is a file");
            }
            if (existing != null && !Files.isWritable(existing)) {
                throw new BadInputException(null, "--results", "expected a folder DJLab can write into, " + existing
                        + " is read-only");
            }
            return of(results, dataDir);
        }
    }

    public static RunPlan of(String specFile, ExperimentSpec spec, RunLabel label, Locations where) {
        DataSetKind kind;
        Optional<Path> folder;
        long[] image;
        List<String> classes;
        if (Plugins.get().isPluginData(spec.data().dataset())) {
            // A plug-in's data: loaded (once per JVM) and checked now, as its shape and classes are only known so.
            kind = DataSetKind.PLUGIN;
            folder = Optional.ofNullable(where.dataDir()).or(() -> Optional.ofNullable(where.dataEnv())
                    .filter(e -> !e.isBlank()).map(Path::of));
            ProvidedData provided = Provided.data(specFile, spec.data(), spec.seed(), folder);
            image = provided.imageShape();
            classes = List.copyOf(provided.classNames());
            Provided.checkImages(specFile, spec.data(), image);
        } else {
            kind = DataSetKind.of(spec.data().dataset());
            folder = DataLocator.locate(specFile, kind, spec.data().dir(), where.dataDir(), where.dataEnv());
            image = kind.imageShape(spec.data());
            classes = kind == DataSetKind.IMAGE_FOLDER ? ImageFolders.names(folder.orElseThrow()) : kind.classNames();
        }
        checkClasses(specFile, spec.train(), classes.size());
        Shape input = new Shape(1, image[0], image[1], image[2]);
        List<Networks.Layer> layers;
        if (spec.model().provider() != null) {
            if (kind.heads() > 1) {
                throw new BadInputException(specFile, "model.provider", spec.data().dataset() + " needs a network with "
                        + kind.heads() + " output heads; a provider's network has one");
            }
            Provided.checkModel(specFile, spec.model(), input, classes.size());
            layers = List.of(); // no layer specs: its memory is not estimated
        } else {
            layers = Networks.layers(specFile, spec.model(), input, classes.size(), kind.heads());
        }
        checkFits(specFile, spec.train(), layers);
        String runId = RunId.of(spec);
        return new RunPlan(specFile, spec, label, runId, RunFolder.of(where.results(), spec.name(), runId), kind, folder,
                layers, image, classes);
    }

    /**
     * A GPU the engine does not see, or a network and batch that cannot fit in memory, fail here rather than after
     * the run folder is made. The estimate is checked against the host's memory (a GPU's is not checked).
     */
    private static void checkFits(String specFile, TrainSpec train, List<Networks.Layer> layers) {
        boolean gpu = train.device().startsWith("gpu");
        if (gpu) Devices.of(specFile, train.device());
        Footprint.of(layers).check(specFile, train.batchSize(), train.optimizer(),
                gpu ? Long.MAX_VALUE : Footprint.availableBytes());
    }

    /** What depends on the number of classes of an image folder, known only once the folder is found. */
    private static void checkClasses(String specFile, TrainSpec train, int classes) {
        if (train.loss() != null && train.loss().weights() != null && train.loss().weights().size() != classes) {
            throw new BadInputException(specFile, "train.loss.weights", "expected one weight per class (" + classes
                    + "), got " + train.loss().weights().size());
        }
        if (train.metrics() != null && train.metrics().topK() != null && train.metrics().topK() >= classes) {
            throw new BadInputException(specFile, "train.metrics.top_k", "expected fewer than the " + classes
                    + " classes, got " + train.metrics().topK());
        }
    }

    /** A batch of images' shape, for initialising the network. */
    public Shape inputShape(long batch) {
        return new Shape(batch, imageShape[0], imageShape[1], imageShape[2]);
    }

    public int classes() {
        return classNames.size();
    }

    /** The run's training and test records, as bytes, from the data set's provider. */
    public RawImages[] read(NDManager manager) {
        return Provided.read(specFile, dataset, spec.data(), spec.seed(), dataFolder, manager);
    }

    /** Whether the network normalises batches (a batch of one would then be no batch to normalise). */
    public boolean hasBatchNorm() {
        return spec.model().provider() == null ? Networks.hasBatchNorm(layers) : Provided.hasBatchNorm(block());
    }

    /**
     * A new, uninitialised network for this run from the model's provider (a preset's from the checked layers).
     * {@link #layers()} is empty for a plug-in's network.
     */
    public Block block() {
        return Provided.block(specFile, spec.model(), layers, inputShape(1), classes());
    }

    /** For the data sets whose images have a fixed shape; an image folder's is {@link #inputShape(long)}. */
    public static Shape inputShape(DataSetKind kind, long batch) {
        long[] image = kind.imageShape();
        return new Shape(batch, image[0], image[1], image[2]);
    }
}
