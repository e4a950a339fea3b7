package djlab.spec;

import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --set KEY=VALUE}: {@link SpecFiles#applySets} and its use by {@link SpecFiles#load}. */
class SetOverridesTests {

    @TempDir
    Path dir;

    private static ObjectNode tree(String yaml) throws Exception {
        return (ObjectNode) SpecFiles.yaml().readTree(yaml);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "train.epochs=3              | train/epochs            | INT     | 3",
        "train.optimizer.lr=0.05     | train/optimizer/lr      | DOUBLE  | 0.05",
        "train.optimizer.lr=1e-3     | train/optimizer/lr      | DOUBLE  | 0.001",
        "model.batchnorm=true        | model/batchnorm         | BOOLEAN | true",
        "model.activation=tanh       | model/activation        | STRING  | tanh",
        "name=run-7                  | name                    | STRING  | run-7",
        "model.hidden=[256,128]      | model/hidden            | ARRAY   | [256,128]",
        "model.hidden=[ 256, 128 ]   | model/hidden            | ARRAY   | [256,128]",
        "data.limit={train: 100}     | data/limit              | OBJECT  | {\"train\":100}",
        "data.limit=null             | data/limit              | NULL    | null",
        "description=a=b             | description             | STRING  | a=b",
    })
    void valuesAreReadAsTypedYaml(String set, String path, String type, String json) throws Exception {
        ObjectNode tree = tree("name: x\n");

        SpecFiles.applySets(tree, List.of(set));

        JsonNode value = tree.at("/" + path);
        assertAll(
                () -> assertEquals(type, value.getNodeType().toString().replace("NUMBER", value.isInt() ? "INT" : "DOUBLE")),
                () -> assertEquals(json, value.isTextual() ? value.asText() : value.toString()));
    }

    @Test
    void overridesReachTheBoundSpec() {
        Path file = write(dir, "spec.yaml", "name: x\nmodel: {hidden: [512]}\ntrain: {epochs: 5}\n");

        ExperimentSpec spec = SpecFiles.load(file, List.of(
                "train.epochs=2", "model.hidden=[256,128]", "train.optimizer.type=adam", "model.batchnorm=true",
                "data.limit.train=500"));

        assertAll(
                () -> assertEquals(2, spec.train().epochs()),
                () -> assertEquals(List.of(256, 128), spec.model().hidden()),
                () -> assertEquals("adam", spec.train().optimizer().type()),
                () -> assertEquals(0.001, spec.train().optimizer().lr()),
                () -> assertEquals(true, spec.model().batchnorm()),
                () -> assertEquals(500, spec.data().limit().train()));
    }

    @Test
    void aNumberIndexesIntoAList() {
        Path file = write(dir, "spec.yaml", "model: {hidden: [512, 256, 128]}\n");

        ExperimentSpec spec = SpecFiles.load(file, List.of("model.hidden.1=64"));

        assertEquals(List.of(512, 64, 128), spec.model().hidden());
    }

    @Test
    void anIndexReachesIntoAListOfMappings() {
        Path file = write(dir, "spec.yaml", "model: {layers: [{type: flatten}, {type: dense, units: 32}]}\n");

        ExperimentSpec spec = SpecFiles.load(file, List.of("model.layers.1.units=16", "model.layers.1.activation=tanh"));

        assertEquals(new LayerSpec.Dense(16, "tanh"), spec.model().layers().get(1));
    }

    @Test
    void aWordNamesTheEntryWithThatLabelWhereverItStands() throws Exception {
        ObjectNode tree = tree("sweep: {variants: [{label: small}, {label: best, train.epochs: 1}, {name: other}]}\n");

        SpecFiles.applySets(tree, List.of("sweep.variants.best.train.epochs=10", "sweep.variants.other.seed=3"));

        assertAll(
                () -> assertEquals("{\"label\":\"small\"}", tree.at("/sweep/variants/0").toString()),
                () -> assertEquals(10, tree.at("/sweep/variants/1/train/epochs").asInt()),
                () -> assertEquals(3, tree.at("/sweep/variants/2/seed").asInt()));
    }

    @Test
    void aWordNamingNoEntryListsTheLabels() throws Exception {
        ObjectNode tree = tree("sweep: {variants: [{label: small}, {label: best}]}\n");

        BadInputException e = assertThrows(BadInputException.class,
                () -> SpecFiles.applySets(tree, List.of("sweep.variants.bset.train.epochs=10")));

        assertEquals("sweep.variants.bset.train.epochs: expected a list index in [0, 2) or the label or name of an entry "
                + "(small, best), got 'bset'", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "model.hidden.3=1  | model.hidden.3  | expected a list index in [0, 2), got '3'",
        "model.hidden.-1=1 | model.hidden.-1 | expected a list index in [0, 2), got '-1'",
        "model.hidden.x=1  | model.hidden.x  | expected a list index in [0, 2), got 'x'",
    })
    void aBadListIndexIsAnError(String set, String field, String problem) {
        Path file = write(dir, "spec.yaml", "model: {hidden: [512, 256]}\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.load(file, List.of(set)));

        assertEquals(file + ": " + field + ": " + problem, e.getMessage());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"train.epochs", "=3", "", "train.epochs:3"})
    void anOverrideWithoutKeyAndEqualsIsAnError(String set) {
        Path file = write(dir, "spec.yaml", "name: x\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.load(file, List.of(set)));

        assertEquals(file + ": --set: expected KEY=VALUE (e.g. train.optimizer.lr=0.05), got '" + set + "'", e.getMessage());
    }

    @Test
    void applySetsAloneReportsNoFile() throws Exception {
        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.applySets(tree("name: x\n"), List.of("oops")));

        assertNull(e.file());
        assertEquals("--set: expected KEY=VALUE (e.g. train.optimizer.lr=0.05), got 'oops'", e.getMessage());
    }

    @Test
    void anEmptyPathSegmentIsAnError() {
        Path file = write(dir, "spec.yaml", "name: x\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.load(file, List.of("train..epochs=3")));

        assertEquals(file + ": --set: expected a dotted field name, got 'train..epochs'", e.getMessage());
    }

    @Test
    void settingBelowASingleValueInAListIsAnError() {
        Path file = write(dir, "spec.yaml", "model: {hidden: [512]}\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.load(file, List.of("model.hidden.0.width=3")));

        assertEquals(file + ": model.hidden.0: cannot set 'model.hidden.0.width': this field is a single value, not a mapping",
                e.getMessage());
    }

    @Test
    void theLastOverrideOfAFieldWins() {
        Path file = write(dir, "spec.yaml", "train: {epochs: 5}\n");

        assertEquals(4, SpecFiles.load(file, List.of("train.epochs=3", "train.epochs=4")).train().epochs());
    }

    @Test
    void overridesApplyAfterExtends() {
        write(dir, "base.yaml", "train: {epochs: 9, batch_size: 10}\n");
        Path child = write(dir, "child.yaml", "extends: base.yaml\ntrain: {epochs: 5}\n");

        ExperimentSpec spec = SpecFiles.load(child, List.of("train.epochs=1"));

        assertEquals(1, spec.train().epochs());
        assertEquals(10, spec.train().batchSize());
    }

    @Test
    void anOverriddenNameReplacesTheFileName() {
        Path file = write(dir, "file.yaml", "seed: 1\n");

        assertEquals("renamed", SpecFiles.load(file, List.of("name=renamed")).name());
    }

    @Test
    void overriddenValuesAreValidatedLikeFileValues() {
        Path file = write(dir, "spec.yaml", "name: x\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.load(file, List.of("train.epochs=abc")));

        assertEquals(file + ": train.epochs: expected an integer, got 'abc'", e.getMessage());
    }
}
