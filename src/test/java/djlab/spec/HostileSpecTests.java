package djlab.spec;

import static djlab.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Specs written to hurt: huge, deeply extended, not specs at all, or holding values no range check expects. */
class HostileSpecTests {

    @TempDir
    Path dir;

    private BadInputException refused(Path file) {
        return assertThrows(BadInputException.class, () -> SpecFiles.load(file, List.of()));
    }

    @Test
    void aSpecFileOverTheSizeLimitIsRefusedBeforeItIsParsed() throws IOException {
        // One 2 MiB string: parsing it costs time and memory growing with the square of its length.
        Path file = dir.resolve("huge.yaml");
        Files.writeString(file, "name: x\ndescription: " + "a".repeat(2 << 20) + "\n");

        BadInputException e = refused(file);

        assertEquals(file + ": expected a spec of at most 256 KiB, got a file of 2048 KiB", e.getMessage());
    }

    @Test
    void aJsonStringOverTheLimitIsRefusedByTheParser() {
        String text = "x".repeat(SpecFiles.MAX_STRING_CHARS + 1);
        Path file = write(dir, "long.json", "{\"description\": \"" + text + "\"}");

        BadInputException e = refused(file);

        assertEquals(file + ": expected strings of at most 65536 characters, got a longer one", e.getMessage());
    }

    @Test
    void anExtendsChainDeeperThanTheLimitIsOneLineNotAStackOverflow() {
        // 3000 files, each extending the next: the error comes at the 33rd, whatever the chain's length.
        for (int i = 0; i < 3000; i++) write(dir, "s" + i + ".yaml", "extends: s" + (i + 1) + ".yaml\n");
        write(dir, "s3000.yaml", "name: deep\n");

        BadInputException e = refused(dir.resolve("s0.yaml"));

        assertEquals(dir.resolve("s32.yaml") + ": extends: expected a chain of at most 32 specs, this one is spec 33",
                e.getMessage());
    }

    @Test
    void anExtendsChainWithinTheLimitIsRead() {
        for (int i = 0; i < 31; i++) write(dir, "s" + i + ".yaml", "extends: s" + (i + 1) + ".yaml\n");
        write(dir, "s31.yaml", "name: deep\ntrain: {epochs: 3}\n");

        assertEquals(3, SpecFiles.load(dir.resolve("s0.yaml"), List.of()).train().epochs());
    }

    @Test
    void extendingAFileThatIsNoSpecQuotesOnlyItsStart() {
        Path secret = write(dir, "passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin\n"
                + "alice:secret-hash-of-alice:1000\n");
        Path spec = write(dir, "spec.yaml", "name: x\nextends: " + secret + "\n");

        BadInputException e = refused(spec);

        assertEquals(secret + ": expected a mapping of spec fields, got text of 93 characters starting "
                + "'root:x:0:0:ro...'", e.getMessage());
        assertFalse(e.getMessage().contains("alice"), e.getMessage());
    }

    @Test
    void jsonWithTrailingTextIsRefused() {
        Path file = write(dir, "spec.json", "{\"name\": \"x\"} {\"name\": \"y\"}\n");

        assertEquals(file + ": expected one JSON value, got more text after it at line 1", refused(file).getMessage());
    }

    @Test
    void aSecondYamlDocumentIsRefusedNotIgnored() {
        Path file = write(dir, "spec.yaml", "name: x\n---\nname: y\ntrain: {epochs: 9}\n");

        assertEquals(file + ": expected one YAML document, got a second one (after '---') at line 3",
                refused(file).getMessage());
    }

    @Test
    void oneDocumentWithAStartMarkerIsStillASpec() {
        Path file = write(dir, "spec.yaml", "---\nname: x\n");

        assertEquals("x", SpecFiles.load(file, List.of()).name());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "train: {schedule: {type: step, step: 10, gamma: NaN}}                   | train.schedule.gamma       | NaN",
        "train: {schedule: {type: cosine, min_lr: Infinity}}                     | train.schedule.min_lr      | Infinity",
        "data: {augment: {rotate: NaN}}                                          | data.augment.rotate        | NaN",
        "data: {augment: {zoom: NaN}}                                            | data.augment.zoom          | NaN",
        "data: {normalize: {mean: [NaN], std: [1]}}                              | data.normalize.mean[0]     | NaN",
        "train: {early_stopping: {metric: test_loss, min_delta: Infinity}}       | train.early_stopping.min_delta | Infinity",
        "data: {validation: NaN}                                                 | data.validation            | NaN",
        "train: {optimizer: {weight_decay: Infinity}}                            | train.optimizer.weight_decay | Infinity",
        "train: {optimizer: {lr: -Infinity}}                                     | train.optimizer.lr         | -Infinity",
    })
    void everyNumberFieldRefusesNonFiniteValues(String yaml, String field, String value) {
        Path file = write(dir, "spec.yaml", "name: x\n" + yaml + "\n");

        assertEquals(file + ": " + field + ": expected a finite number, got " + value, refused(file).getMessage());
    }

    @Test
    void aNameWithANewlineGivesAOneLineError() {
        Path file = write(dir, "spec.yaml", "name: \"a\\nb\\u0007\"\n");

        BadInputException e = refused(file);

        assertEquals(file + ": name: expected letters, digits, '.', '_' or '-' (it names a folder), got 'a\\nb\\u0007'",
                e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
    }

    @Test
    void aNameTooLongForAFolderIsRefusedByValidation() {
        Path file = write(dir, "spec.yaml", "name: " + "a".repeat(300) + "\n");

        assertEquals(file + ": name: expected at most 128 characters (it names a folder), got 300",
                refused(file).getMessage());
        assertEquals("a".repeat(128), SpecFiles.load(write(dir, "ok.yaml", "name: " + "a".repeat(128) + "\n"),
                List.of()).name());
    }
}
