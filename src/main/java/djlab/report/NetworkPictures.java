package djlab.report;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import djlab.data.DataLocator;
import djlab.data.RawImages;
import djlab.data.Splits;
import djlab.spec.DataSpec;
import djlab.model.Networks;
import djlab.results.RunFolder;
import djlab.spec.ExperimentSpec;
import djlab.spec.LayerSpec;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import djlab.train.RunPlan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The pictures that need a trained network: its first layer's weights, and its answers on the test set (confusion
 * matrix, misclassified images, per-class accuracy). The network is rebuilt from the run's spec.yaml and saved
 * parameters, as {@code djlab.train.SavedRun} does for {@code evaluate}. Whatever cannot be made comes back as a
 * missing figure with the reason, never as an exception: the rest of the report does not depend on it.
 */
final class NetworkPictures {

    static final int WEIGHT_TILES = 64;
    static final int KERNEL_TILES = 64;
    static final int MISTAKES = 40;
    private static final int BATCH = 500;

    /** Test images read once per data set, folder and limit, shared by all the runs of a report. */
    static final class TestData {
        private final Path dataDir;
        private final Map<String, Object> cache = new HashMap<>();

        TestData(Path dataDir) {
            this.dataDir = dataDir;
        }

        Path dataDir() {
            return dataDir;
        }

        /** The run's test records (after its limit), or the reason they cannot be had as a String. */
        Object get(RunPlan plan, Integer limit) {
            String key = plan.dataset() + "|" + plan.dataFolder().map(Path::toString).orElse("djl") + "|" + limit
                    + (plan.dataset() == djlab.data.DataSetKind.PLUGIN
                            ? "|" + plan.spec().data().dataset() + "|" + plan.spec().data().args() + "|" + plan.spec().seed()
                            : "");
            return cache.computeIfAbsent(key, k -> {
                try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                    return plan.read(manager)[1].first(limit);
                } catch (RuntimeException e) {
                    return "the test data could not be read: " + e.getMessage()
                            + (plan.dataFolder().isEmpty() ? HOW_TO_FIX : "");
                }
            });
        }
    }

    /** The network's answers on the test set. */
    record Answers(int[] truth, int[] predicted, double[] confidence) {}

    private NetworkPictures() {}

    /** The four pictures of one run, each present or missing with its reason; files are named from {@code prefix}. */
    static List<Figure> of(RunResult run, String prefix, TestData data) {
        String weightsTitle = "first layer weights";
        Path specPath = run.dir().resolve(RunFolder.SPEC);
        List<String> titles = List.of("confusion matrix (test set)", "misclassified test images",
                "per-class test accuracy");
        List<String> files = List.of(prefix + "-confusion.png", prefix + "-misclassified.png", prefix + "-per-class.png");
        ExperimentSpec spec;
        RunPlan plan;
        String dataProblem = null;
        try {
            spec = SpecFiles.load(specPath, List.of());
            String recorded = run.summary().path("data_dir").isTextual() ? run.summary().path("data_dir").asText() : null;
            try {
                plan = recordedPlan(specPath, spec, run, recorded);
                if (plan == null) {
                    plan = RunPlan.of(specPath.toString(), spec, null, RunPlan.Locations.of(run.dir().getParent(), data.dataDir()));
                }
                if (plan.dataFolder().isEmpty() && recorded != null) {
                    dataProblem = "the test data was not found: the run read it from " + recorded + ", which no longer "
                            + "holds it" + HOW_TO_FIX;
                }
            } catch (BadInputException | djlab.data.DataException e) {
                dataProblem = "the test data was not found (" + e.getMessage() + ")"
                        + (recorded == null ? "" : "; the run read it from " + recorded + ", which no longer holds it")
                        + HOW_TO_FIX;
                plan = RunPlan.of(specPath.toString(), spec.withData(spec.data().withDir(null)), null,
                        new RunPlan.Locations(run.dir().getParent(), null, null));
            }
            weightsTitle = firstLayerTitle(plan.layers());
        } catch (RuntimeException e) {
            return allMissing(prefix, weightsTitle, titles, files, "the run's spec.yaml could not be read ("
                    + e.getMessage() + ")");
        }
        if (!run.hasParameters()) {
            return allMissing(prefix, weightsTitle, titles, files, "no saved parameters (" + RunFolder.MODEL
                    + "-NNNN.params) in " + run.dir() + ": the run did not complete, or its parameters were removed");
        }
        Device device = Engine.getInstance().defaultDevice();
        try (Model model = Model.newInstance(spec.name(), device)) {
            model.setBlock(plan.block());
            model.load(run.dir(), RunFolder.MODEL);
            List<Figure> figures = new ArrayList<>();
            figures.add(firstLayer(model.getBlock(), prefix + "-first-layer.png", weightsTitle, plan.imageShape()));
            Object test = dataProblem == null ? data.get(plan, spec.data().limit().test()) : dataProblem;
            if (plan.dataset().heads() > 1) {
                test = "the network has " + plan.dataset().heads() + " output heads (" + String.join(", ",
                        plan.dataset().headNames()) + "): their accuracies are in the tables, per-class pictures are "
                        + "drawn for one-head networks only";
            }
            if (test instanceof RawImages images) {
                Answers answers = answers(model, images, device, spec.data().normalize());
                figures.addAll(testPictures(answers, images, plan.classNames(), files, titles));
            } else {
                for (int i = 0; i < files.size(); i++) figures.add(Figure.missing(files.get(i), titles.get(i), (String) test));
            }
            return figures;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            return allMissing(prefix, weightsTitle, titles, files, "the saved parameters could not be loaded into the "
                    + "network of spec.yaml (" + e.getMessage() + ")");
        }
    }

    /** What a report says when the test data cannot be had: how to point it at the data. */
    static final String HOW_TO_FIX = "; give the folder holding the data sets: djlab report DIR --data-dir DATA "
            + "(or set " + DataLocator.ENV + ")";

    /**
     * The plan with the data folder the run recorded in its summary, when the spec names none and that folder still
     * holds the data set; else null (then --data-dir and DJLAB_DATA_DIR are tried).
     */
    private static RunPlan recordedPlan(Path specPath, ExperimentSpec spec, RunResult run, String recorded) {
        if (spec.data().dir() != null || recorded == null || !Files.isDirectory(Path.of(recorded))) return null;
        try {
            return RunPlan.of(specPath.toString(), spec.withData(spec.data().withDir(recorded)), null,
                    new RunPlan.Locations(run.dir().getParent(), null, null));
        } catch (BadInputException | djlab.data.DataException e) {
            return null;
        }
    }

    private static List<Figure> allMissing(String prefix, String weightsTitle, List<String> titles, List<String> files,
            String reason) {
        List<Figure> out = new ArrayList<>();
        out.add(Figure.missing(prefix + "-first-layer.png", weightsTitle, reason));
        for (int i = 0; i < files.size(); i++) out.add(Figure.missing(files.get(i), titles.get(i), reason));
        return out;
    }

    private static String firstLayerTitle(List<Networks.Layer> layers) {
        for (Networks.Layer layer : layers) {
            if (layer.spec() instanceof LayerSpec.Conv2d) return "first conv layer kernels";
            if (layer.spec() instanceof LayerSpec.Dense) return "first dense layer weights";
        }
        return "first layer weights";
    }

    /**
     * The first layer with weights, drawn as what it looks at: a dense layer on the pixels as one image-shaped tile
     * per unit, a conv layer as its kernels.
     */
    static Figure firstLayer(Block network, String file, String title, long[] image) {
        Block first = firstWeighted(network);
        if (first instanceof Conv2d) {
            NDArray w = first.getParameters().get("weight").getArray();
            long[] s = w.getShape().getShape();
            int kh = (int) s[2];
            int kw = (int) s[3];
            float[] values = w.toFloatArray();
            int tiles = (int) Math.min(s[0] * s[1], KERNEL_TILES);
            float[][] kernels = new float[tiles][];
            for (int i = 0; i < tiles; i++) kernels[i] = Arrays.copyOfRange(values, i * kh * kw, (i + 1) * kh * kw);
            return Figure.of(file, title + " (" + s[0] + " x " + s[1] + " of " + kh + "x" + kw + ")",
                    Tiles.weights(kernels, kh, kw, Math.min(tiles, 16), Math.max(4, 48 / Math.max(kh, kw))));
        }
        if (first instanceof Linear) {
            NDArray w = first.getParameters().get("weight").getArray();
            long[] s = w.getShape().getShape();
            int height = (int) image[1];
            int width = (int) image[2];
            if (s[1] != (long) height * width * image[0]) {
                return Figure.missing(file, title, "the first dense layer does not see the pixels (" + s[1] + " inputs)");
            }
            float[] values = w.toFloatArray();
            int tiles = (int) Math.min(s[0], WEIGHT_TILES);
            float[][] units = new float[tiles][];
            int inputs = (int) s[1];
            for (int i = 0; i < tiles; i++) units[i] = Arrays.copyOfRange(values, i * inputs, i * inputs + height * width);
            return Figure.of(file, title + " (first " + tiles + " of " + s[0] + " units, " + height + "x" + width + ")",
                    Tiles.weights(units, height, width, 8, 2));
        }
        return Figure.missing(file, title, "the network has no dense or conv layer");
    }

    private static Block firstWeighted(Block block) {
        if (block instanceof Conv2d || block instanceof Linear) return block;
        for (Block child : block.getChildren().values()) {
            Block found = firstWeighted(child);
            if (found != null) return found;
        }
        return null;
    }

    /** Forward passes in inference mode (dropout off, batch norm on its running statistics), batch by batch. */
    /** The network's answers on the test images, prepared as in training (scaled to [0, 1], then normalised if the spec says so). */
    static Answers answers(Model model, RawImages test, Device device, DataSpec.Normalize normalize) {
        int n = test.count();
        int size = test.imageSize();
        long[] shape = test.imageShape();
        int[] predicted = new int[n];
        double[] confidence = new double[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) truth[i] = test.labels()[i] & 0xff;
        Block block = model.getBlock();
        try (NDManager manager = model.getNDManager().newSubManager(device)) {
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int start = 0; start < n; start += BATCH) {
                int count = Math.min(BATCH, n - start);
                try (NDManager batch = manager.newSubManager()) {
                    byte[] bytes = Arrays.copyOfRange(test.pixels(), start * size, (start + count) * size);
                    NDArray x = batch.create(ByteBuffer.wrap(bytes), new Shape(count, shape[0], shape[1], shape[2]),
                            DataType.UINT8).toType(DataType.FLOAT32, false).div(255f);
                    if (normalize != null) x = Splits.normalize(x, normalize);
                    NDArray probabilities = block.forward(parameters, new NDList(x), false).head().softmax(1);
                    long[] best = probabilities.argMax(1).toType(DataType.INT64, false).toLongArray();
                    float[] top = probabilities.max(new int[] {1}).toFloatArray();
                    for (int i = 0; i < count; i++) {
                        predicted[start + i] = (int) best[i];
                        confidence[start + i] = top[i];
                    }
                }
            }
        }
        return new Answers(truth, predicted, confidence);
    }

    private static List<Figure> testPictures(Answers answers, RawImages test, List<String> classes, List<String> files,
            List<String> titles) {
        int k = classes.size();
        int[][] counts = new int[k][k];
        for (int i = 0; i < answers.truth().length; i++) counts[answers.truth()[i]][answers.predicted()[i]]++;
        double[] perClass = new double[k];
        for (int c = 0; c < k; c++) {
            int total = Arrays.stream(counts[c]).sum();
            perClass[c] = total == 0 ? Double.NaN : (double) counts[c][c] / total;
        }
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of(files.get(0), titles.get(0), Charts.confusion("", classes, counts)));
        figures.add(mistakes(answers, test, classes, files.get(1), titles.get(1)));
        figures.add(Figure.of(files.get(2), titles.get(2), Charts.perClass("", classes, perClass)));
        return figures;
    }

    /** The most confident mistakes first: those say most about the network (or about the labels). */
    private static Figure mistakes(Answers answers, RawImages test, List<String> classes, String file, String title) {
        int[] wrong = IntStream.range(0, answers.truth().length)
                .filter(i -> answers.truth()[i] != answers.predicted()[i])
                .boxed().sorted(Comparator.comparingDouble(i -> -answers.confidence()[i]))
                .mapToInt(Integer::intValue).toArray();
        if (wrong.length == 0) return Figure.missing(file, title, "no test image was misclassified");
        int size = test.imageSize();
        long[] shape = test.imageShape();
        List<Tiles.Mistake> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(MISTAKES, wrong.length); i++) {
            int index = wrong[i];
            shown.add(new Tiles.Mistake(Arrays.copyOfRange(test.pixels(), index * size, (index + 1) * size),
                    (int) shape[1], (int) shape[2], answers.truth()[index], answers.predicted()[index],
                    answers.confidence()[index]));
        }
        return Figure.of(file, title + " (" + shown.size() + " most confident of " + wrong.length + ", true \u2192 predicted)",
                Tiles.mistakes(shown, classes, 8, 2));
    }
}
