package djlab.spec;

import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ai.djl.ndarray.types.Shape;
import djlab.model.Networks;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad specs and the one line each must give: {@code <file>: <field>: <problem>}. Each is checked the way
 * {@code djlab run} checks a spec before it trains: load (bind and validate), then expand the network.
 */
class BadSpecTests {

    @TempDir
    Path dir;

    /** Loads {@code file} and builds its layer list for MNIST, as planning a run does. */
    private static void check(Path file) {
        ExperimentSpec spec = SpecFiles.load(file, List.of());
        Networks.layers(file.toString(), spec.model(), new Shape(1, 1, 28, 28), 10);
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                // wrong types
                arguments("train: {epochs: abc}", "train.epochs: expected an integer, got 'abc'"),
                arguments("train: {epochs: 2.5}", "train.epochs: expected an integer, got 2.5"),
                arguments("train: {epochs: true}", "train.epochs: expected an integer, got true"),
                arguments("seed: 1.5", "seed: expected an integer, got 1.5"),
                arguments("model: {hidden: 512}", "model.hidden: expected a list, got 512"),
                arguments("model: {hidden: [256, wide]}", "model.hidden[1]: expected an integer, got 'wide'"),
                arguments("description: [1, 2]", "description: expected a string, got a list [1,2]"),
                arguments("train: {optimizer: fast}", "train.optimizer: expected a mapping of fields, got 'fast'"),
                // out of range
                arguments("model: {dropout: 1.5}", "model.dropout: expected a number in [0, 1), got 1.5"),
                arguments("model: {dropout: -0.1}", "model.dropout: expected a number in [0, 1), got -0.1"),
                arguments("train: {epochs: 0}", "train.epochs: expected an integer >= 1, got 0"),
                arguments("train: {batch_size: -5}", "train.batch_size: expected an integer >= 1, got -5"),
                arguments("train: {log_every: 50, eval_every: 120}",
                        "train.eval_every: expected a multiple of train.log_every (50), got 120"),
                arguments("train: {eval_every: 0}", "train.eval_every: expected an integer >= 1, got 0"),
                arguments("train: {iterations_to: [0.9, 1.5]}", "train.iterations_to[1]: expected an accuracy in (0, 1], got 1.5"),
                arguments("train: {iterations_to: []}", "train.iterations_to: expected at least one accuracy in (0, 1], got []"),
                arguments("seed: -1", "seed: expected an integer >= 0, got -1"),
                arguments("model: {hidden: [128, 0]}", "model.hidden[1]: expected an integer >= 1, got 0"),
                arguments("data: {validation: 1.5}",
                        "data.validation: expected a fraction in [0, 1) or a whole count of records, got 1.5"),
                arguments("data: {limit: {test: 0}}", "data.limit.test: expected an integer >= 1, got 0"),
                arguments("train: {optimizer: {lr: 0}}", "train.optimizer.lr: expected a number > 0, got 0"),
                arguments("train: {optimizer: {momentum: 1.0}}",
                        "train.optimizer.momentum: expected a number in [0, 1), got 1"),
                arguments("train: {schedule: {type: exponential, gamma: 1.5}}",
                        "train.schedule.gamma: expected a number in (0, 1], got 1.5"),
                arguments("model: {init: {type: normal, std: 0}}", "model.init.std: expected a number > 0, got 0"),
                // names not allowed, with did-you-mean
                arguments("data: {dataset: minst}",
                        "data.dataset: expected one of mnist, fashion-mnist, cifar10, image-folder, two-digit-mnist, got 'minst' "
                        + "(did you mean 'mnist'?)"),
                arguments("data: {dataset: cifar100}", "data.dataset: expected one of mnist, fashion-mnist, cifar10, "
                        + "image-folder, two-digit-mnist, got 'cifar100' (did you mean 'cifar10'?)"),
                arguments("train: {optimizer: {type: adma}}",
                        "train.optimizer.type: expected one of sgd, adam, adamw, adagrad, rmsprop, adadelta, got 'adma' "
                        + "(did you mean 'adam'?)"),
                arguments("model: {activation: rleu}", "model.activation: expected one of relu, tanh, sigmoid, "
                        + "leaky_relu, gelu, elu, identity, got 'rleu' (did you mean 'relu'?)"),
                arguments("model: {type: lenett}", "model.type: expected one of mlp, cnn, lenet, resnet, layers, got 'lenett' "
                        + "(did you mean 'lenet'?)"),
                arguments("train: {schedule: {type: cosin}}", "train.schedule.type: expected one of constant, step, "
                        + "multistep, exponential, cosine, got 'cosin' (did you mean 'cosine'?)"),
                arguments("name: 'my run'",
                        "name: expected letters, digits, '.', '_' or '-' (it names a folder), got 'my run'"),
                arguments("train: {device: tpu}", "train.device: expected auto, cpu, gpu or gpu:N, got 'tpu'"),
                // layers
                arguments("model: {layers: [{type: convd, channels: 4}]}", "model.layers[0].type: expected one of "
                        + "dense, conv2d, batchnorm, activation, maxpool, avgpool, dropout, flatten, separable_conv2d, "
                        + "global_avgpool, global_maxpool, residual, crop, branches, split_heads, got 'convd' "
                        + "(did you mean 'conv2d'?)"),
                arguments("model: {layers: [{type: flatten}, {units: 10}]}", "model.layers[1]: a layer needs a 'type', "
                        + "one of dense, conv2d, batchnorm, activation, maxpool, avgpool, dropout, flatten, "
                        + "separable_conv2d, global_avgpool, global_maxpool, residual, crop, branches, split_heads"),
                arguments("model:\n  layers:\n    -\n", "model.layers[0]: a layer needs a 'type', "
                        + "one of dense, conv2d, batchnorm, activation, maxpool, avgpool, dropout, flatten, "
                        + "separable_conv2d, global_avgpool, global_maxpool, residual, crop, branches, split_heads"),
                arguments("model: {layers: [{type: flatten}, {type: dense}]}", "model.layers[1].units: required, got nothing"),
                arguments("model: {layers: [{type: conv2d, channels: 4, kernel: 0}]}",
                        "model.layers[0].kernel: expected an integer >= 1, got 0"),
                arguments("model: {layers: [{type: activation, function: swish}]}", "model.layers[0].function: expected "
                        + "one of relu, tanh, sigmoid, leaky_relu, gelu, elu, identity, got 'swish'"),
                arguments("model: {layers: [{type: maxpool, kernel: 2, padding: 2}]}",
                        "model.layers[0].padding: expected at most half the kernel (1), got 2"),
                arguments("model: {layers: []}", "model.layers: expected at least one layer, got an empty list"),
                arguments("model: {type: layers}",
                        "model.type: 'layers' is implied by giving model.layers; expected one of mlp, cnn, lenet, resnet"),
                arguments("model: {type: cnn, layers: [{type: flatten}]}",
                        "model.layers: give either a preset model.type (cnn) or a list of layers, not both"),
                // network shapes (checked when the layers are expanded)
                arguments("""
                        model:
                          layers:
                            - {type: conv2d, channels: 4, kernel: 5}
                            - {type: maxpool, kernel: 2}
                            - {type: conv2d, channels: 4, kernel: 5}
                            - {type: maxpool, kernel: 2}
                            - {type: maxpool, kernel: 8}
                        """, "model.layers[4]: kernel 8 with padding 0 does not fit the 4x4x4 input: the image would "
                                + "shrink below one pixel"),
                arguments("model: {layers: [{type: avgpool, kernel: 29}]}", "model.layers[0]: kernel 29 with padding 0 "
                        + "does not fit the 1x28x28 input: the image would shrink below one pixel"),
                arguments("model: {layers: [{type: dense, units: 10}]}",
                        "model.layers[0]: a dense layer needs a flat input, got 1x28x28; add {type: flatten} before it"),
                arguments("model: {layers: [{type: flatten}, {type: conv2d, channels: 3}]}", "model.layers[1]: a conv2d "
                        + "layer needs an image input (channels x height x width), got 784 features"),
                arguments("model: {type: cnn, hidden: [8, 8, 8, 8, 8]}", "model.hidden[4]: kernel 2 with padding 0 does "
                        + "not fit the 8x1x1 input: the image would shrink below one pixel"),
                // fields that do not apply
                arguments("train: {optimizer: {type: adam, momentum: 0.9}}",
                        "train.optimizer.momentum: applies to sgd and rmsprop only (adam has beta1)"),
                arguments("train: {optimizer: {type: sgd, beta1: 0.9}}",
                        "train.optimizer: beta1 and beta2 apply to adam and adamw only"),
                arguments("train: {optimizer: {nesterov: true}}",
                        "train.optimizer.nesterov: needs momentum > 0, got momentum 0"),
                arguments("model: {type: lenet, hidden: [6, 16]}", "model.hidden: not used here (lenet has fixed widths)"),
                arguments("model: {type: mlp, dense: [10]}", "model.dense: applies to cnn only; an mlp's widths are model.hidden"),
                arguments("model: {type: mlp, kernel: 5}", "model.kernel: applies to cnn only"),
                arguments("train: {schedule: {type: step, min_lr: 0.1, step: 2}}",
                        "train.schedule.min_lr: applies to cosine only"),
                arguments("train: {schedule: {type: constant, gamma: 0.5}}",
                        "train.schedule.gamma: not used by a constant schedule"),
                arguments("train: {schedule: {type: cosine, milestones: [3]}}",
                        "train.schedule.milestones: applies to multistep only"),
                // schedules
                arguments("train: {schedule: {type: multistep}}",
                        "train.schedule.milestones: expected a list of increasing iteration counts, got nothing"),
                arguments("train: {schedule: {type: multistep, unit: epoch, milestones: []}}",
                        "train.schedule.milestones: expected a list of increasing epoch counts, got nothing"),
                arguments("train: {schedule: {type: multistep, milestones: [5, 3]}}",
                        "train.schedule.milestones[1]: expected increasing positive counts, got 3 after 5"),
                arguments("train: {schedule: {type: step}}", "train.schedule.step: required, got nothing"),
                arguments("train: {schedule: {unit: epochs}}", "train.schedule.unit: expected one of iteration, epoch, "
                        + "got 'epochs' (did you mean 'epoch'?)"),
                // the file as a whole
                arguments("", "expected a mapping of spec fields, the file is empty"),
                arguments("# only a comment\n", "expected a mapping of spec fields, the file is empty"),
                arguments("- a\n- b\n", "expected a mapping of spec fields, got a list [\"a\",\"b\"]"),
                arguments("42", "expected a mapping of spec fields, got 42"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badSpecs")
    void aBadSpecGivesOneLineNamingFileAndField(String yaml, String expected) {
        Path file = write(dir, "bad.yaml", yaml);

        BadInputException e = assertThrows(BadInputException.class, () -> check(file));

        assertEquals(file + ": " + expected, e.getMessage());
    }

    static Stream<Arguments> misspeltFields() {
        return Stream.of(
                arguments("model: {dropuot: 0.2}", "model.dropuot", "dropout",
                        fieldsOf(ModelSpec.class)),
                arguments("nmae: x", "nmae", "name", fieldsOf(ExperimentSpec.class)),
                arguments("train: {batchSize: 10}", "train.batchSize", "batch_size", fieldsOf(TrainSpec.class)),
                arguments("train: {optimizer: {weightDecay: 0.1}}", "train.optimizer.weightDecay", "weight_decay",
                        fieldsOf(OptimizerSpec.class)),
                arguments("data: {limit: {tests: 5}}", "data.limit.tests", "test", fieldsOf(DataSpec.Limit.class)),
                arguments("model: {layers: [{type: conv2d, chanels: 3}]}", "model.layers[0].chanels", "channels",
                        Set.of("channels", "kernel", "stride", "padding", "activation", "bias")));
    }

    /** The snake_case names of a record's components: the fields a spec may give. */
    private static Set<String> fieldsOf(Class<? extends Record> type) {
        Set<String> names = new TreeSet<>();
        for (var component : type.getRecordComponents()) {
            names.add(component.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase());
        }
        return names;
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource("misspeltFields")
    void aMisspeltFieldSuggestsTheClosestAndListsTheFields(String yaml, String field, String suggestion, Set<String> known) {
        Path file = write(dir, "bad.yaml", yaml);

        BadInputException e = assertThrows(BadInputException.class, () -> check(file));

        String prefix = file + ": " + field + ": unknown field (did you mean '" + suggestion + "'?); expected one of ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertEquals(known, new TreeSet<>(Arrays.asList(e.getMessage().substring(prefix.length()).split(", "))));
    }

    @Test
    void anUnknownFieldFarFromAnyNameHasNoSuggestion() {
        Path file = write(dir, "bad.yaml", "model: {colour: blue}\n");

        BadInputException e = assertThrows(BadInputException.class, () -> check(file));

        assertTrue(e.getMessage().startsWith(file + ": model.colour: unknown field; expected one of "), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syntaxErrors")
    void invalidSyntaxNamesTheLineAndColumn(String fileName, String text, String where) {
        Path file = write(dir, fileName, text);

        BadInputException e = assertThrows(BadInputException.class, () -> check(file));

        assertTrue(e.getMessage().startsWith(file + ": not valid YAML/JSON: " + where + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                arguments("unclosed.yaml", "name: x\nmodel: {hidden: [1, 2\ntrain: {}\n", "line 3, column 6"),
                arguments("colon.yaml", "name: x\nseed: 1: 2\n", "line 2, column 8"),
                arguments("duplicate.yaml", "train: {epochs: 3}\ntrain: {epochs: 4}\n", "line 2, column 8"),
                arguments("comma.json", "{\"name\": \"x\",}\n", "line 1, column 14"));
    }

    @Test
    void aTabInTheIndentationIsNamedWithItsLine() {
        Path file = write(dir, "tabs.yaml", "name: x\ntrain:\n\tepochs: 3\n");

        BadInputException e = assertThrows(BadInputException.class, () -> check(file));

        assertTrue(e.getMessage().startsWith(file + ": not valid YAML/JSON: line 3, column 1: "), e.getMessage());
        assertTrue(e.getMessage().contains("TAB"), e.getMessage());
    }

    @Test
    void aMissingFileIsAnError() {
        Path file = dir.resolve("absent.yaml");

        BadInputException e = assertThrows(BadInputException.class, () -> check(file));

        assertEquals(file + ": file not found", e.getMessage());
    }

    @Test
    void jsonSpecsGiveTheSameMessages() {
        Path file = write(dir, "bad.json", "{\"model\": {\"dropout\": 1.5}}");

        BadInputException e = assertThrows(BadInputException.class, () -> check(file));

        assertEquals(file + ": model.dropout: expected a number in [0, 1), got 1.5", e.getMessage());
    }

    @Test
    void aNullLayerEntryIsAnError() {
        Path file = write(dir, "bad.yaml", "model: {layers: [{type: flatten}, null, {type: dense, units: 4}]}\n");

        BadInputException e = assertThrows(BadInputException.class, () -> check(file));

        assertEquals("model.layers[1]", e.field());
    }

    @Test
    void anUnknownFieldOnAFieldlessLayerSaysItTakesNone() {
        Path file = write(dir, "bad.yaml", "model: {layers: [{type: flatten, units: 3}]}\n");

        BadInputException e = assertThrows(BadInputException.class, () -> check(file));

        assertEquals("model.layers[0].units", e.field());
        assertFalse(e.getMessage().endsWith("expected one of "), e.getMessage());
    }
}
