package djlab.spec;

import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model.use}: named architectures from a {@code models/} folder, merged under the experiment's own fields. */
class ModelLibraryTests {

    @TempDir
    Path dir;

    @Test
    void aNameIsFoundInAModelsFolderAboveTheSpecAndItsFieldsCanBeOverridden() {
        write(dir, "models/small-cnn.yaml", "# a fragment\ntype: cnn\nhidden: [8, 16]\ndense: [32]\ndropout: 0.1\n");
        Path spec = write(dir, "experiments/deep/x.yaml", "model: {use: small-cnn, dropout: 0.3, batchnorm: true}\n");

        ModelSpec model = SpecFiles.load(spec, List.of()).model();

        assertEquals("cnn", model.type());
        assertEquals(List.of(8, 16), model.hidden());
        assertEquals(0.3, model.dropout());
        assertEquals(true, model.batchnorm());
    }

    @Test
    void theResolvedSpecHoldsTheFieldsNotTheName() {
        write(dir, "models/m.yaml", "type: mlp\nhidden: [64]\n");
        Path spec = write(dir, "x.yaml", "model: {use: m}\n");

        String yaml = SpecFiles.toYaml(SpecFiles.load(spec, List.of()));

        assertTrue(yaml.contains("hidden:") && !yaml.contains("use:"), yaml);
    }

    @Test
    void setCanChooseTheArchitectureAndAFragmentCanUseAnother() {
        write(dir, "models/base-mlp.yaml", "type: mlp\nhidden: [64]\n");
        write(dir, "models/wide-mlp.yaml", "use: base-mlp\nhidden: [1024]\n");
        Path spec = write(dir, "x.yaml", "model: {use: base-mlp}\n");

        assertEquals(List.of(1024), SpecFiles.load(spec, List.of("model.use=wide-mlp")).model().hidden());
    }

    @Test
    void aPathIsRelativeToTheSpec() {
        write(dir, "nets/mine.yaml", "type: lenet\n");
        Path spec = write(dir, "x.yaml", "model: {use: nets/mine.yaml}\n");

        assertEquals("lenet", SpecFiles.load(spec, List.of()).model().type());
        assertNull(SpecFiles.load(spec, List.of()).model().hidden());
    }

    @Test
    void anUnknownNameListsTheKnownOnesWithASuggestion() {
        write(dir, "models/resnet18.yaml", "type: resnet\ndepth: 18\n");
        write(dir, "models/lenet5.yaml", "type: lenet\n");
        Path spec = write(dir, "x.yaml", "model: {use: resnt18}\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.load(spec, List.of()));

        assertTrue(e.getMessage().startsWith(spec + ": model.use: expected one of "), e.getMessage());
        assertTrue(e.getMessage().contains("lenet5") && e.getMessage().endsWith("got 'resnt18' (did you mean 'resnet18'?)"),
                e.getMessage());
    }

    @Test
    void fragmentsThatUseEachOtherAreACycle() {
        write(dir, "models/a.yaml", "use: b\n");
        write(dir, "models/b.yaml", "use: a\n");
        Path spec = write(dir, "x.yaml", "model: {use: a}\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.load(spec, List.of()));

        assertTrue(e.getMessage().contains("use each other in a cycle"), e.getMessage());
    }

    @Test
    void aFragmentHoldsModelFieldsNotAModelSection() {
        write(dir, "models/wrapped.yaml", "model: {type: mlp}\n");
        Path spec = write(dir, "x.yaml", "model: {use: wrapped}\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.load(spec, List.of()));

        assertEquals(dir.resolve("models/wrapped.yaml") + ": model: a file in models/ holds the model's fields themselves "
                + "(type, layers, ...), not a 'model:' section", e.getMessage());
    }

    @Test
    void theShippedModelsAreFoundFromTheProject() {
        // The tests run in the project root: its models/ folder is found for a spec anywhere.
        Path spec = write(dir, "x.yaml", "model: {use: resnet50}\n");

        ModelSpec model = SpecFiles.load(spec, List.of()).model();

        assertEquals(50, model.depth());
        assertEquals(true, model.bottleneck());
        assertEquals(List.of(3, 4, 6, 3), model.blocks());
    }
}
