package djlab.plugin;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.readCsv;
import static djlab.TestSupport.readJson;
import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import djlab.TestSupport;
import djlab.TestSupport.CliResult;
import djlab.data.Splits;
import djlab.model.Architecture;
import djlab.results.RunId;
import djlab.spec.ExperimentSpec;
import djlab.train.RunPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Networks and data sets from plug-ins: {@link TestProviders}, listed in the test resources' plugins/META-INF/services
 * (a folder given to --plugins, so other tests' lists of names stay the built-in ones), and a jar.
 */
class PluginTests {

    /** The folder of the test plug-ins' service lists. */
    static Path pluginsDir() {
        try {
            return Path.of(PluginTests.class.getResource("/plugins").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void loadTestPlugins() {
        Plugins.use(List.of(pluginsDir().toString()));
    }

    @org.junit.jupiter.api.AfterAll
    static void unloadTestPlugins() {
        Plugins.use(List.of());
    }

    static final String SPEC = """
            data: {dataset: stripes, args: {train: 300, test: 90}, validation: 30}
            model: {provider: tiny-net, args: {width: 12}}
            train: {epochs: 3, batch_size: 30, optimizer: {type: sgd, lr: 0.5}, log_every: 5, device: cpu}
            """;

    @TempDir
    Path dir;

    Path results() {
        return dir.resolve("results");
    }

    String[] args(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(more));
        all.addAll(List.of("--results", results().toString()));
        return all.toArray(String[]::new);
    }

    static long parameterCount(String output) {
        String line = output.lines().filter(l -> l.contains("total trainable parameters:")).findFirst().orElseThrow();
        return Long.parseLong(line.substring(line.indexOf(':') + 1).replaceAll("\\D", ""));
    }

    @Test
    void aPluginNetworkTrainsOnPluginDataAndIsRecordedLikeAnyRun() {
        Path spec = write(dir, "plug.yaml", SPEC);

        CliResult result = djlab(args("run", spec.toString()));

        assertEquals(0, result.exitCode(), result::toString);
        Path run = TestSupport.onlyRunDir(results(), "plug");
        assertEquals("completed", readJson(run.resolve("summary.json")).get("status").asText());
        // 12 * 64 + 12 + 3 * 12 + 3 parameters; three stripe classes are easy.
        assertEquals(819, readJson(run.resolve("summary.json")).get("parameters").asLong());
        assertTrue(readJson(run.resolve("summary.json")).at("/metrics/test_accuracy/last").asDouble() > 0.9, result::toString);
        assertEquals(3, readCsv(run.resolve("epochs.csv")).rows().size());
        assertTrue(TestSupport.read(run.resolve("spec.yaml")).contains("provider: tiny-net"));
    }

    @Test
    void theReportDrawsThePicturesOfAPluginNetworkOnPluginData() throws IOException {
        Path spec = write(dir, "plug.yaml", SPEC.replace("epochs: 3", "epochs: 1"));
        assertEquals(0, djlab(args("run", spec.toString())).exitCode());

        djlab.report.Reports.Written written = djlab.report.Reports.write(results().resolve("plug"), null);

        String html = Files.readString(written.html());
        assertTrue(html.contains("of 12 units, 8x8)"), "the first Linear's 12 units drawn as 8x8 tiles");
        // Stripes are easy: a perfect network has no misclassified image to show, and says so.
        assertEquals(html.contains("not available: no test image was misclassified") ? 1 : 0,
                html.split("not available", -1).length - 1, "no picture is missing for another reason");
        for (String suffix : List.of("first-layer", "confusion", "per-class")) {
            Path png = written.pictures().resolve("variant-01-" + suffix + ".png");
            assertTrue(Files.isRegularFile(png) && Files.size(png) > 300, png::toString);
        }
    }

    @Test
    void validationSplitAndLimitsApplyToPluginData() {
        ExperimentSpec spec = TestSupport.spec(SPEC.replace("validation: 30", "validation: 30, limit: {train: 120, test: 45}"));
        RunPlan plan = RunPlan.of("test.yaml", spec, null, RunPlan.Locations.of(results(), null));
        assertEquals(List.of("top", "middle", "bottom"), plan.classNames());
        assertEquals(List.of(1L, 8L, 8L), java.util.Arrays.stream(plan.imageShape()).boxed().toList());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                Splits splits = Splits.of("test.yaml", plan.dataset(), plan.read(manager), spec.data(), spec.seed(), manager)) {
            assertEquals(90, splits.train().size());
            assertEquals(30, splits.validate().size());
            assertEquals(45, splits.test().size());
            assertEquals(new Shape(90, 1, 8, 8), splits.train().images().getShape());
        }
    }

    @Test
    void normalisationAndAugmentationApplyToPluginDataAndAreCheckedAgainstItsImages() {
        Path spec = write(dir, "plug.yaml", SPEC.replace("validation: 30}",
                "validation: 30, normalize: {mean: [0.3], std: [0.3]}, augment: {shift: 1, rotate: 10}}"));
        CliResult result = djlab(args("run", spec.toString()));
        assertEquals(0, result.exitCode(), result::toString);
        String resolved = TestSupport.read(TestSupport.onlyRunDir(results(), "plug").resolve("spec.yaml"));
        assertTrue(resolved.contains("shift: 1") && resolved.contains("std:"), resolved);

        Path noUsual = write(dir, "usual.yaml", SPEC.replace("validation: 30}", "validation: 30, normalize: {}}"));
        CliResult usual = djlab(args("validate", noUsual.toString()));
        assertEquals(2, usual.exitCode(), usual::toString);
        assertTrue(usual.err().contains("data.normalize: stripes has no usual values: give mean and std"), usual::toString);

        Path channels = write(dir, "channels.yaml", SPEC.replace("validation: 30}",
                "validation: 30, normalize: {mean: [0.1, 0.2, 0.3], std: [0.3]}}"));
        CliResult three = djlab(args("validate", channels.toString()));
        assertEquals(2, three.exitCode(), three::toString);
        assertTrue(three.err().contains("data.normalize.mean: expected 1 value (one per channel of stripes's images), "
                + "got 3"), three::toString);

        Path shift = write(dir, "shift.yaml", SPEC.replace("validation: 30}", "validation: 30, augment: {shift: 4}}"));
        CliResult far = djlab(args("validate", shift.toString()));
        assertEquals(2, far.exitCode(), far::toString);
        assertTrue(far.err().contains("data.augment.shift: expected an integer in [0, 3] for stripes's 8x8 images, "
                + "got 4"), far::toString);
    }

    @Test
    void argsTakePartInTheRunIdButNotTheirOrder() {
        String a = RunId.of(TestSupport.spec(SPEC));
        String reordered = RunId.of(TestSupport.spec(SPEC.replace("{train: 300, test: 90}", "{test: 90, train: 300}")));
        String other = RunId.of(TestSupport.spec(SPEC.replace("width: 12", "width: 13")));
        assertEquals(a, reordered);
        assertNotEquals(a, other);
    }

    @Test
    void setOverridesAnArgAndValidatePrintsTheBlock() {
        Path spec = write(dir, "plug.yaml", SPEC);

        CliResult result = djlab(args("validate", spec.toString(), "--set", "model.args.width=8"));

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("width: 8"), result::toString);
        assertTrue(result.out().contains("# data: stripes from its plug-in"), result::toString);
        // flatten, dense 8, relu, dense 3: 8 * 64 + 8 + 3 * 8 + 3
        assertEquals(547, parameterCount(result.out()), result::toString);
        assertTrue(result.out().lines().anyMatch(l -> l.matches("\\s+2\\s+Linear\\s+8 features\\s+520")), result::toString);
        assertFalse(Files.exists(results()));
    }

    @Test
    void aSweepOverAProviderArgRunsEachValue() {
        Path spec = write(dir, "sweep.yaml", SPEC.replace("epochs: 3", "epochs: 1")
                + "sweep: {grid: {model.args.width: [4, 8]}}\n");

        CliResult result = djlab(args("sweep", spec.toString()));

        assertEquals(0, result.exitCode(), result::toString);
        TestSupport.Csv summary = readCsv(results().resolve("sweep").resolve("summary.csv"));
        assertEquals(2, summary.rows().size());
        assertEquals(List.of("completed", "completed"), summary.column("status"));
        assertTrue(summary.header().stream().anyMatch(h -> h.contains("width")), summary.header()::toString);
    }

    @Test
    void anUnknownProviderListsTheInstalledOnesWithDidYouMean() {
        Path spec = write(dir, "plug.yaml", SPEC.replace("provider: tiny-net", "provider: tiny-nett"));

        CliResult result = djlab(args("run", spec.toString()));

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals(1, result.err().strip().lines().count(), result::toString);
        assertTrue(result.err().contains("model.provider: expected one of the installed providers "), result::toString);
        assertTrue(result.err().contains("tiny-net, throwing-net, wrong-output-net"), result::toString);
        assertTrue(result.err().contains("(did you mean 'tiny-net'?)"), result::toString);
        assertFalse(Files.exists(results()));
    }

    @Test
    void anUnknownDataSetListsBuiltInAndPluginNames() {
        Path spec = write(dir, "plug.yaml", SPEC.replace("dataset: stripes", "dataset: stripse"));

        CliResult result = djlab(args("run", spec.toString()));

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("data.dataset: expected one of mnist, fashion-mnist, cifar10, image-folder, "
                + "two-digit-mnist, stripes, bad-shapes, got 'stripse' (did you mean 'stripes'?)"), result::toString);

        Plugins.use(List.of());
        CliResult without = djlab(args("run", write(dir, "plug.yaml", SPEC).toString()));
        assertEquals(2, without.exitCode(), without::toString);
        assertTrue(without.err().contains("data.dataset: expected one of mnist, fashion-mnist, cifar10, image-folder, "
                + "two-digit-mnist, got 'stripes' (a data set from a plug-in needs its jar on the class path, --plugins "
                + "or DJLAB_PLUGINS)"), without::toString);
    }

    @Test
    void aProviderThatThrowsIsOneLineNamingIt() {
        Path spec = write(dir, "plug.yaml", SPEC.replace("provider: tiny-net, args: {width: 12}",
                "provider: throwing-net, args: {heads: 5}"));

        CliResult result = djlab(args("run", spec.toString()));

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: " + spec + ": model.provider: 'throwing-net' (djlab.plugin.TestProviders$ThrowingNet) "
                + "failed: IllegalArgumentException: heads (5) must divide the width", result.err().strip());
        assertFalse(Files.exists(results()));
    }

    @Test
    void aBlockWithTheWrongOutputSizeIsRefused() {
        Path spec = write(dir, "plug.yaml", SPEC.replace("provider: tiny-net", "provider: wrong-output-net")
                + "sweep: {seeds: [1, 2]}\n");

        CliResult result = djlab(args("sweep", spec.toString()));

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().strip().startsWith("error: " + spec + ": run 1 (seed=1): model.provider: 'wrong-output-net' ("),
                result::toString);
        assertTrue(result.err().contains("expected the block to map images (2, 1, 8, 8) to scores (2, 3) (one per class), "
                + "got (2, 6)"), result::toString);
        assertFalse(Files.exists(results()));
    }

    @Test
    void dataOfInconsistentShapesIsRefused() {
        Path spec = write(dir, "plug.yaml", SPEC.replace("dataset: stripes, args: {train: 300, test: 90}",
                "dataset: bad-shapes"));

        CliResult result = djlab(args("run", spec.toString()));

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: " + spec + ": data.dataset: 'bad-shapes' (djlab.plugin.TestProviders$BadShapes) training "
                + "images are [1, 8, 8] but test images are [1, 8, 9]", result.err().strip());
        assertFalse(Files.exists(results()));
    }

    @Test
    void knobsOfPresetsAreRefusedBesideAProvider() {
        Path spec = write(dir, "plug.yaml", SPEC.replace("args: {width: 12}", "args: {width: 12}, hidden: [3]"));

        CliResult result = djlab(args("validate", spec.toString()));

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("model.hidden: not used with model.provider"), result::toString);
    }

    @Test
    void argsOfABuiltInDataSetAreRefused() {
        Path spec = write(dir, "plug.yaml", "data: {dataset: mnist, args: {x: 1}}\n");

        CliResult result = djlab(args("validate", spec.toString()));

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("data.args: applies to data sets from plug-ins; mnist is built in"), result::toString);
    }

    @Test
    void pluginsFlagLoadsAJarAndABadPathIsOneLine() throws IOException {
        Path spec = write(dir, "plug.yaml", SPEC.replace("provider: tiny-net, args: {width: 12}", "provider: jar-only-net"));
        assertEquals(2, djlab(args("validate", spec.toString())).exitCode(), "not installed without the jar");
        Path jar = dir.resolve("plugin.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/djlab.plugin.ModelProvider"));
            out.write("djlab.plugin.TestProviders$JarOnlyNet\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        try {
            // The stripes data from the test plug-ins' folder, the network from the jar: one path-separated value.
            CliResult loaded = djlab(args("validate", spec.toString(), "--plugins",
                    jar + java.io.File.pathSeparator + pluginsDir()));
            assertEquals(0, loaded.exitCode(), loaded::toString);
            assertTrue(loaded.out().contains("provider: jar-only-net"), loaded::toString);

            CliResult missing = djlab(args("--plugins", dir.resolve("nowhere.jar").toString(), "validate", spec.toString()));
            assertEquals(2, missing.exitCode(), missing::toString);
            assertEquals("error: --plugins: expected a jar or a folder of jars, " + dir.resolve("nowhere.jar")
                    + " does not exist", missing.err().strip());
        } finally {
            Plugins.use(List.of(pluginsDir().toString()));
        }
    }

    @Test
    void theEnvironmentVariableAddsPluginsAndANameClashIsOneLine() throws Exception {
        Plugins fromEnv = Plugins.load(List.of(), pluginsDir().toString());
        assertTrue(fromEnv.dataNames().contains("stripes"));
        assertEquals(List.of("tiny-net", "throwing-net", "wrong-output-net"), fromEnv.modelProviderNames());
        assertFalse(Plugins.load(List.of(), null).dataNames().contains("stripes"));

        Path clash = Path.of(PluginTests.class.getResource("/plugins-clash").toURI());
        djlab.spec.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(djlab.spec.BadInputException.class,
                () -> Plugins.load(List.of(clash.toString()), null));
        assertEquals("plug-ins: DataProvider djlab.plugin.TestProviders$ClashingData is named 'mnist', as is a "
                + "built-in one; names must be unique", e.getMessage());
        CliResult cli = djlab(args("--plugins", clash.toString(), "validate", write(dir, "plug.yaml", SPEC).toString()));
        assertEquals(2, cli.exitCode(), cli::toString);
        assertEquals("error: " + e.getMessage(), cli.err().strip());
    }

    @Test
    void aDjlDatasetsRecordsBecomeRawImages() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            float[] values = new float[10 * 16];
            for (int i = 0; i < values.length; i++) values[i] = (i % 16) / 15f;
            ai.djl.training.dataset.ArrayDataset dataset = new ai.djl.training.dataset.ArrayDataset.Builder()
                    .setData(manager.create(values, new Shape(10, 1, 4, 4)))
                    .optLabels(manager.create(new float[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0}))
                    .setSampling(3, false).build();

            djlab.data.RawImages images = ProvidedData.images(dataset, manager);

            assertEquals(10, images.count());
            assertEquals(List.of(1L, 4L, 4L), java.util.Arrays.stream(images.imageShape()).boxed().toList());
            assertEquals(0, images.pixels()[0]);
            assertEquals((byte) 255, images.pixels()[15]);
            assertEquals(17, images.pixels()[1]);
            assertEquals(2, images.labels()[8]);
        }
    }

    @Test
    void batchNormInsideAPluginsBlockIsFound() {
        ai.djl.nn.SequentialBlock inner = new ai.djl.nn.SequentialBlock().add(ai.djl.nn.norm.BatchNorm.builder().build());
        assertTrue(Provided.hasBatchNorm(new ai.djl.nn.SequentialBlock().add(ai.djl.nn.Blocks.batchFlattenBlock()).add(inner)));
        assertFalse(Provided.hasBatchNorm(new TestProviders.TinyNet().newBlock(Map.of(), new Shape(1, 1, 8, 8), 3)));
    }

    @Test
    void builtInNetworksAreProvidersToo() throws Exception {
        ModelProvider mlp = Plugins.get().model("mlp");
        Block block = mlp.newBlock(Map.of("hidden", List.of(32)), new Shape(1, 1, 28, 28), 10);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Architecture a = Architecture.of(block, List.of(), new Shape(1, 1, 28, 28), manager);
            assertEquals(784 * 32 + 32 + 32 * 10 + 10, a.parameters());
        }
        assertEquals(List.of("mlp", "cnn", "lenet", "resnet", "layers"), Plugins.get().modelTypes());
        assertTrue(Plugins.get().dataNames().containsAll(List.of("mnist", "two-digit-mnist", "stripes")));
    }
}
