package djlab.model.layers;

import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import djlab.data.DataSetKind;
import djlab.model.Networks;
import djlab.optim.OptimizerKind;
import djlab.spec.ExperimentSpec;
import djlab.spec.LayerSpec;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import djlab.train.ScheduleKind;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each concept's names come from its one home: a layer's {@code type} from {@link LayerKinds}, activations from
 * {@link Activations}, optimizers from {@link OptimizerKind}, schedules from {@link ScheduleKind}, data sets from
 * {@link DataSetKind}, weight initialisers from {@link djlab.model.Initializers}. The errors for a bad name list exactly the registered names, so a new kind cannot be left out
 * of them (as crop, branches and split_heads once were).
 */
class LayerKindsTests {

    @TempDir
    Path dir;

    /** The one line a spec gives when loaded and its network expanded for MNIST, as planning a run does. */
    private String error(String yaml) {
        Path file = write(dir, "bad.yaml", yaml);
        BadInputException e = assertThrows(BadInputException.class, () -> {
            ExperimentSpec spec = SpecFiles.load(file, List.of());
            Networks.layers(file.toString(), spec.model(), new Shape(1, 1, 28, 28), 10);
        });
        String prefix = file + ": ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        return e.getMessage().substring(prefix.length());
    }

    /** The names an "expected one of A, B, C, got 'x'" message lists. */
    private static List<String> listed(String message, String before) {
        int from = message.indexOf(before) + before.length();
        int to = message.indexOf(", got '", from);
        return Arrays.asList(message.substring(from, to < 0 ? message.length() : to).split(", "));
    }

    @Test
    void everyLayerRecordHasExactlyOneKindAndEveryKindItsOwnRecord() {
        Set<Class<?>> records = Set.of(LayerSpec.class.getPermittedSubclasses());
        Set<Class<?>> kinds = LayerKinds.ALL.stream().map(LayerKind::spec).collect(Collectors.toSet());

        assertEquals(records, kinds);
        assertEquals(LayerKinds.ALL.size(), kinds.size(), "two kinds bind the same record");
        assertEquals(LayerKinds.NAMES.size(), new HashSet<>(LayerKinds.NAMES).size(), "two kinds share a name");
    }

    @Test
    void aBadLayerTypeNamesEveryRegisteredKind() {
        String message = error("model: {layers: [{type: convd, channels: 4}]}");

        assertTrue(message.startsWith("model.layers[0].type: expected one of "), message);
        assertEquals(LayerKinds.NAMES, listed(message, "expected one of "));
        assertTrue(LayerKinds.NAMES.containsAll(List.of("crop", "branches", "split_heads")), LayerKinds.NAMES.toString());
        assertTrue(message.endsWith("(did you mean 'conv2d'?)"), message);
    }

    @Test
    void aLayerWithoutATypeNamesEveryRegisteredKind() {
        String message = error("model: {layers: [{type: flatten}, {units: 10}]}");

        assertEquals("model.layers[1]: a layer needs a 'type', one of " + String.join(", ", LayerKinds.NAMES), message);
    }

    @Test
    void eachKindBindsItsTypeToItsRecordAndWritesItBack() throws Exception {
        for (LayerKind<?> kind : LayerKinds.ALL) {
            JsonNode tree = SpecFiles.json().readTree("{\"type\": \"" + kind.name() + "\"}");

            LayerSpec layer = SpecFiles.json().treeToValue(tree, LayerSpec.class);

            assertEquals(kind.spec(), layer.getClass(), kind.name());
            assertEquals(kind.name(), SpecFiles.json().valueToTree(layer).get("type").asText());
            assertEquals(kind, LayerKinds.of(layer));
        }
    }

    @Test
    void aBadNameOfActivationOptimizerScheduleDataSetOrInitialiserListsItsHomesNames() {
        String activation = error("model: {layers: [{type: flatten}, {type: dense, units: 8, activation: swish}]}");
        String optimizer = error("train: {optimizer: {type: lion}}");
        String schedule = error("train: {schedule: {type: onecycle}}");
        String dataset = error("data: {dataset: svhn}");
        String init = error("model: {init: {type: lecun}}");

        assertEquals(Activations.NAMES, listed(activation, "expected one of "));
        assertEquals(OptimizerKind.NAMES, listed(optimizer, "expected one of "));
        assertEquals(ScheduleKind.NAMES, listed(schedule, "expected one of "));
        assertEquals(djlab.model.Initializers.NAMES, listed(init, "expected one of "));
        // Plug-ins on the test class path add their data sets after the built-in ones.
        assertEquals(DataSetKind.NAMES, listed(dataset, "expected one of ").subList(0, DataSetKind.NAMES.size()));
        assertFalse(DataSetKind.NAMES.contains("plugin"), DataSetKind.NAMES.toString());
    }

    @Test
    void aFieldAnOptimizerDoesNotTakeNamesTheOptimizersThatDo() {
        assertEquals("train.optimizer.rho: applies to rmsprop and adadelta only",
                error("train: {optimizer: {type: sgd, rho: 0.9}}"));
        assertEquals("train.optimizer.nesterov: applies to sgd only",
                error("train: {optimizer: {type: rmsprop, nesterov: true}}"));
    }

    @Test
    void eachKindDescribesItsLayerInOneLine() {
        List<String> lines = List.of(
                LayerKinds.describe(new LayerSpec.Dense(16, "relu", false)),
                LayerKinds.describe(new LayerSpec.Conv2d(8, 3, 2, 1, null)),
                LayerKinds.describe(new LayerSpec.Residual(List.of(new LayerSpec.Conv2d(8, 3, 1, 1, null),
                        new LayerSpec.BatchNorm()), null, null)),
                LayerKinds.describe(new LayerSpec.Crop("top", null, null)),
                LayerKinds.describe(new LayerSpec.SplitHeads(2)));

        assertEquals(List.of("dense 16 no bias + relu", "conv2d 8@3x3 stride 2 pad 1",
                "residual [conv 8@3x3, bn] + relu", "crop top", "split into 2 heads"), lines);
    }

    @Test
    void theSpecReferenceDocumentsEveryRegisteredName() throws Exception {
        String reference = java.nio.file.Files.readString(Path.of("docs/spec.md"));
        List<String> names = new java.util.ArrayList<>(LayerKinds.NAMES);
        names.addAll(Activations.NAMES);
        names.addAll(OptimizerKind.NAMES);
        names.addAll(ScheduleKind.NAMES);
        names.addAll(DataSetKind.NAMES);
        names.addAll(djlab.model.Initializers.NAMES);

        List<String> missing = names.stream().filter(name -> !reference.contains("`" + name + "`")).toList();

        assertEquals(List.of(), missing, "names docs/spec.md does not mention");
    }
}
