package djlab.data;

import static djlab.TestSupport.mnistDir;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import djlab.spec.DataSpec;
import djlab.spec.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Splits#of}: limits, the validation split by fraction or count, chosen by the seed. */
class SplitsTests {

    private static RawImages[] raw;
    private static NDManager base;
    private NDManager manager;

    @BeforeAll
    static void readMnist() {
        raw = Splits.read(DataSetKind.MNIST, Optional.of(mnistDir()), null);
        base = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeBase() {
        base.close();
    }

    @BeforeEach
    void openManager() {
        manager = base.newSubManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private Splits splits(double validation, Integer train, Integer test, long seed) {
        return Splits.of("spec.yaml", DataSetKind.MNIST, raw,
                new DataSpec("mnist", null, validation, new DataSpec.Limit(train, test)), seed, manager);
    }

    @ParameterizedTest(name = "validation {0} of {1}: train {2}, validate {3}")
    @CsvSource(delimiter = '|', value = {
        "0.1   | 1000 | 900  | 100",
        "0.25  | 1000 | 750  | 250",
        "0.001 | 1000 | 999  | 1",
        "0.1   | 333  | 300  | 33",
        "250   | 1000 | 750  | 250",
        "1     | 1000 | 999  | 1",
        "999   | 1000 | 1    | 999",
        "0.5   | 3    | 1    | 2",
    })
    void validationIsAFractionOrACount(double validation, int limit, int train, int validate) {
        try (Splits s = splits(validation, limit, 50, 42)) {
            assertEquals(train, s.train().size());
            assertEquals(validate, s.validate().size());
            assertEquals(50, s.test().size());
        }
    }

    @Test
    void noValidationKeepsEveryTrainingRecordInFileOrder() {
        try (Splits s = splits(0, 500, 10, 42)) {
            assertNull(s.validate());
            assertArrayEquals(floats(Arrays.copyOf(raw[0].labels(), 500)), s.train().labels().toFloatArray());
        }
    }

    @Test
    void limitsTakeTheFirstRecordsOfEachFile() {
        try (Splits s = splits(0, 300, 200, 42)) {
            assertEquals(300, s.train().size());
            assertEquals(200, s.test().size());
            assertArrayEquals(floats(Arrays.copyOf(raw[1].labels(), 200)), s.test().labels().toFloatArray());
        }
    }

    @Test
    void limitsLargerThanTheFileTakeItAll() {
        try (Splits s = splits(0.5, null, 20_000, 42)) {
            assertEquals(30_000, s.train().size());
            assertEquals(30_000, s.validate().size());
            assertEquals(10_000, s.test().size());
        }
    }

    @Test
    void imagesAreScaledToTheUnitIntervalWithTheirShape() {
        try (Splits s = splits(0, 2, 2, 42)) {
            float[] pixels = s.test().images().toFloatArray();
            assertArrayEquals(new long[] {2, 1, 28, 28}, s.test().images().getShape().getShape());
            for (int i = 0; i < pixels.length; i++) {
                assertEquals((raw[1].pixels()[i] & 0xff) / 255f, pixels[i], 1e-6f, "pixel " + i);
            }
        }
    }

    @Test
    void theSameSeedChoosesTheSameValidationRecords() {
        try (Splits a = splits(0.2, 1000, 10, 7); Splits b = splits(0.2, 1000, 10, 7)) {
            assertArrayEquals(a.validate().labels().toFloatArray(), b.validate().labels().toFloatArray());
            assertArrayEquals(a.validate().images().toFloatArray(), b.validate().images().toFloatArray());
            assertArrayEquals(a.train().images().toFloatArray(), b.train().images().toFloatArray());
        }
    }

    @Test
    void anotherSeedChoosesOtherValidationRecords() {
        try (Splits a = splits(0.2, 1000, 10, 7); Splits b = splits(0.2, 1000, 10, 8)) {
            assertFalse(Arrays.equals(a.validate().images().toFloatArray(), b.validate().images().toFloatArray()));
        }
    }

    @Test
    void trainAndValidationPartitionTheLimitedRecords() {
        try (Splits s = splits(0.3, 1000, 10, 3)) {
            List<String> split = new ArrayList<>(images(s.train()));
            split.addAll(images(s.validate()));
            List<String> original = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                original.add(Arrays.toString(Arrays.copyOfRange(raw[0].pixels(), i * 784, (i + 1) * 784))
                        + raw[0].labels()[i]);
            }
            Collections.sort(split);
            Collections.sort(original);
            assertEquals(original, split);
        }
    }

    @Test
    void theValidationRecordsAreSpreadOverTheFileNotItsStart() {
        try (Splits s = splits(0.1, 1000, 10, 42)) {
            // The first 100 records would be labels 5,0,4,1,9,...: a random choice is not the file's head.
            assertFalse(Arrays.equals(floats(Arrays.copyOf(raw[0].labels(), 100)), s.validate().labels().toFloatArray()));
        }
    }

    @ParameterizedTest(name = "validation {0} of 1000")
    @CsvSource({"1000", "5000", "0.9996"})
    void aValidationSetAsLargeAsTheTrainingSetIsAnError(double validation) {
        BadInputException e = assertThrows(BadInputException.class, () -> splits(validation, 1000, 10, 42));

        assertEquals("spec.yaml: data.validation: expected fewer than the 1000 training records, got "
                + (validation < 1 ? 1000 : (int) validation), e.getMessage());
    }

    @Test
    void theTrainingSetKeepsFileOrderAroundTheValidationRecords() {
        try (Splits s = splits(0.5, 10, 10, 42)) {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                all.add(Arrays.toString(Arrays.copyOfRange(raw[0].pixels(), i * 784, (i + 1) * 784)) + raw[0].labels()[i]);
            }
            List<String> train = images(s.train());
            List<Integer> positions = train.stream().map(all::indexOf).toList();
            assertAll(
                    () -> assertEquals(5, positions.size()),
                    () -> assertEquals(positions.stream().sorted().toList(), positions));
        }
    }

    private static List<String> images(Splits.Images images) {
        float[] pixels = images.images().toFloatArray();
        float[] labels = images.labels().toFloatArray();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            byte[] bytes = new byte[784];
            for (int j = 0; j < 784; j++) bytes[j] = (byte) Math.round(pixels[i * 784 + j] * 255);
            out.add(Arrays.toString(bytes) + (int) labels[i]);
        }
        return out;
    }

    private static float[] floats(byte[] labels) {
        float[] out = new float[labels.length];
        for (int i = 0; i < labels.length; i++) out[i] = labels[i];
        return out;
    }
}
