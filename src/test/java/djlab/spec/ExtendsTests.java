package djlab.spec;

import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code extends}: a deep merge of the parent's tree with the extending file's, the extending file winning. */
class ExtendsTests {

    @TempDir
    Path dir;

    @Test
    void nestedMappingsMergeKeyByKey() {
        write(dir, "base.yaml", """
                name: base
                seed: 3
                train:
                  epochs: 7
                  batch_size: 50
                  optimizer: {type: sgd, lr: 0.1, momentum: 0.9}
                """);
        Path child = write(dir, "child.yaml", """
                extends: base.yaml
                name: child
                train:
                  optimizer: {lr: 0.05}
                """);

        ExperimentSpec spec = SpecFiles.load(child, List.of());

        assertAll(
                () -> assertEquals("child", spec.name()),
                () -> assertEquals(3L, spec.seed()),
                () -> assertEquals(7, spec.train().epochs()),
                () -> assertEquals(50, spec.train().batchSize()),
                () -> assertEquals("sgd", spec.train().optimizer().type()),
                () -> assertEquals(0.05, spec.train().optimizer().lr()),
                () -> assertEquals(0.9, spec.train().optimizer().momentum()));
    }

    @Test
    void listsAreReplacedNotMerged() {
        write(dir, "base.yaml", "model: {hidden: [512, 256, 128]}\ntrain: {schedule: {type: multistep, milestones: [1, 2, 3]}}\n");
        Path child = write(dir, "child.yaml", "extends: base.yaml\nmodel: {hidden: [64]}\ntrain: {schedule: {milestones: [4]}}\n");

        ExperimentSpec spec = SpecFiles.load(child, List.of());

        assertEquals(List.of(64), spec.model().hidden());
        assertEquals(List.of(4), spec.train().schedule().milestones());
        assertEquals("multistep", spec.train().schedule().type());
    }

    @Test
    void explicitNullRemovesAnInheritedField() {
        write(dir, "base.yaml", """
                description: inherited
                data: {limit: {train: 1000, test: 100}}
                train: {optimizer: {type: sgd, momentum: 0.9}}
                """);
        Path child = write(dir, "child.yaml", """
                extends: base.yaml
                description: null
                data: {limit: {test: null}}
                train: {optimizer: {momentum: null}}
                """);

        ExperimentSpec spec = SpecFiles.load(child, List.of());

        assertAll(
                () -> assertEquals(null, spec.description()),
                () -> assertEquals(new DataSpec.Limit(1000, null), spec.data().limit()),
                () -> assertEquals(0.0, spec.train().optimizer().momentum()));
    }

    @Test
    void theMergedTreeHasNoExtendsField() {
        write(dir, "base.yaml", "seed: 1\n");
        ObjectNode tree = SpecFiles.read(write(dir, "child.yaml", "extends: base.yaml\nseed: 2\n"));

        assertFalse(tree.has("extends"));
        assertEquals(2, tree.get("seed").asInt());
    }

    @Test
    void chainsAreFollowedWithPathsRelativeToEachFile() {
        write(dir, "root.yaml", "seed: 1\ntrain: {epochs: 9, batch_size: 10}\nmodel: {type: mlp, hidden: [8]}\n");
        write(dir, "family/base.yaml", "extends: ../root.yaml\ntrain: {epochs: 2}\n");
        Path child = write(dir, "runs/child.yaml", "extends: ../family/base.yaml\ntrain: {batch_size: 20}\n");

        ExperimentSpec spec = SpecFiles.load(child, List.of());

        assertAll(
                () -> assertEquals(1L, spec.seed()),
                () -> assertEquals(2, spec.train().epochs()),
                () -> assertEquals(20, spec.train().batchSize()),
                () -> assertEquals(List.of(8), spec.model().hidden()));
    }

    @Test
    void anUnnamedExtendingFileIsNamedAfterItself() {
        write(dir, "base.yaml", "seed: 5\n");

        assertEquals("variant", SpecFiles.load(write(dir, "variant.yaml", "extends: base.yaml\n"), List.of()).name());
    }

    @Test
    void aMissingParentIsAnError() {
        Path child = write(dir, "child.yaml", "extends: nowhere/base.yaml\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.load(child, List.of()));

        assertEquals(child + ": extends: file not found: nowhere/base.yaml (looked for "
                + dir.toAbsolutePath().normalize().resolve("nowhere/base.yaml") + ")", e.getMessage());
    }

    @Test
    void extendsMustBeAPath() {
        Path child = write(dir, "child.yaml", "extends: [a.yaml, b.yaml]\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.load(child, List.of()));

        assertEquals(child + ": extends: expected a file path, got a list [\"a.yaml\",\"b.yaml\"]", e.getMessage());
    }

    @Test
    void aCycleIsAnError() {
        Path a = write(dir, "a.yaml", "extends: b.yaml\n");
        write(dir, "b.yaml", "extends: c.yaml\n");
        write(dir, "c.yaml", "extends: a.yaml\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.load(a, List.of()));

        assertEquals("extends", e.field());
        assertEquals("the files extend each other in a cycle", e.problem());
        assertTrue(e.getMessage().endsWith("a.yaml: extends: the files extend each other in a cycle"), e.getMessage());
    }

    @Test
    void aFileExtendingItselfIsACycle() {
        Path self = write(dir, "self.yaml", "extends: self.yaml\n");

        BadInputException e = assertThrows(BadInputException.class, () -> SpecFiles.load(self, List.of()));

        assertEquals("the files extend each other in a cycle", e.problem());
    }

    @Test
    void aParentSharedByTwoBranchesIsNotACycle() {
        write(dir, "common.yaml", "seed: 11\n");
        write(dir, "left.yaml", "extends: common.yaml\ntrain: {epochs: 3}\n");
        Path right = write(dir, "right.yaml", "extends: left.yaml\ntrain: {batch_size: 30}\n");

        ExperimentSpec spec = SpecFiles.load(right, List.of());

        assertEquals(11L, spec.seed());
        assertEquals(3, spec.train().epochs());
        assertEquals(30, spec.train().batchSize());
    }
}
