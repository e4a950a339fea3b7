package djlab.data;

import static djlab.TestSupport.dataRoot;
import static djlab.TestSupport.mnistDir;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.spec.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Finding and reading the MNIST IDX files: the real ones, and every way a file can be missing or broken. */
class MnistFilesTests {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    @TempDir
    Path dir;

    /** A folder with links to the real files named, so nothing large is copied. */
    static Path linked(Path folder, String... names) throws IOException {
        Files.createDirectories(folder);
        for (String name : names) {
            Files.createSymbolicLink(folder.resolve(name), mnistDir().resolve(name));
        }
        return folder;
    }

    /** An IDX file of unsigned bytes with the given dimensions and data, gzipped when the name ends in .gz. */
    static Path idx(Path file, int[] dims, byte[] data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.putInt(0x0800 | dims.length);
        for (int d : dims) header.putInt(d);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(bytes) : bytes) {
            out.write(header.array());
            out.write(data);
        }
        Files.createDirectories(file.getParent());
        Files.write(file, bytes.toByteArray());
        return file;
    }

    @Nested
    class Locating {

        @Test
        void aDataRootHoldingAnMnistFolder() {
            assertEquals(Optional.of(mnistDir()), DataLocator.locate("spec.yaml", DataSetKind.MNIST, null, dataRoot(), null));
        }

        @Test
        void aFolderHoldingTheFilesDirectly() {
            assertEquals(Optional.of(mnistDir()), DataLocator.locate("spec.yaml", DataSetKind.MNIST, null, mnistDir(), null));
        }

        @Test
        void theEnvironmentVariableWhenNoFlagIsGiven() {
            assertEquals(Optional.of(mnistDir()),
                    DataLocator.locate("spec.yaml", DataSetKind.MNIST, null, null, dataRoot().toString()));
        }

        @Test
        void theFlagBeforeTheEnvironmentVariable() {
            assertEquals(Optional.of(mnistDir()),
                    DataLocator.locate("spec.yaml", DataSetKind.MNIST, null, dataRoot(), dir.resolve("nothing").toString()));
        }

        @Test
        void theSpecsDataDirBeforeEverything() {
            assertEquals(Optional.of(mnistDir()), DataLocator.locate("spec.yaml", DataSetKind.MNIST, mnistDir().toString(),
                    dir.resolve("nothing"), dir.resolve("nothing").toString()));
        }

        @ParameterizedTest(name = "env ''{0}''")
        @ValueSource(strings = {"", "  "})
        void nothingGivenMeansDownloading(String env) {
            assertEquals(Optional.empty(), DataLocator.locate("spec.yaml", DataSetKind.MNIST, null, null, env));
            assertEquals(Optional.empty(), DataLocator.locate("spec.yaml", DataSetKind.MNIST, null, null, null));
        }

        @Test
        void aMissingFileUnderTheDataRootIsNamed() throws IOException {
            linked(dir.resolve("mnist"), TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES);

            BadInputException e = assertThrows(BadInputException.class,
                    () -> DataLocator.locate("spec.yaml", DataSetKind.MNIST, null, dir, null));

            assertEquals("--data-dir: expected the four mnist IDX files in " + dir.resolve("mnist")
                    + ", missing t10k-labels-idx1-ubyte.gz (.gz or uncompressed)", e.getMessage());
        }

        @Test
        void missingFilesInTheSpecsDataDirAreNamed() throws IOException {
            Path folder = linked(dir.resolve("data"), TRAIN_LABELS, TEST_LABELS);

            BadInputException e = assertThrows(BadInputException.class,
                    () -> DataLocator.locate("spec.yaml", DataSetKind.MNIST, folder.toString(), null, null));

            assertEquals("spec.yaml: data.dir: expected the four mnist IDX files in " + folder
                    + ", missing train-images-idx3-ubyte.gz, t10k-images-idx3-ubyte.gz (.gz or uncompressed)", e.getMessage());
        }

        @Test
        void aFolderWithSomeOfTheFilesAndNoMnistFolder() throws IOException {
            linked(dir, TRAIN_IMAGES);

            BadInputException e = assertThrows(BadInputException.class,
                    () -> DataLocator.locate("spec.yaml", DataSetKind.MNIST, null, dir, null));

            assertEquals("--data-dir: expected a folder " + dir.resolve("mnist") + " (or " + dir + " itself) holding the "
                    + "mnist files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
                    + "t10k-labels-idx1-ubyte (.gz)", e.getMessage());
        }

        @Test
        void aDataRootThatDoesNotExist() {
            Path absent = dir.resolve("absent");

            assertEquals("--data-dir: expected a folder, " + absent + " does not exist", assertThrows(BadInputException.class,
                    () -> DataLocator.locate("spec.yaml", DataSetKind.MNIST, null, absent, null)).getMessage());
            assertEquals("DJLAB_DATA_DIR: expected a folder, " + absent + " does not exist", assertThrows(BadInputException.class,
                    () -> DataLocator.locate("spec.yaml", DataSetKind.MNIST, null, null, absent.toString())).getMessage());
            assertEquals("spec.yaml: data.dir: expected the mnist folder, " + absent + " does not exist",
                    assertThrows(BadInputException.class, () -> DataLocator.locate("spec.yaml", DataSetKind.MNIST,
                            absent.toString(), null, null)).getMessage());
        }

        @Test
        void uncompressedFilesCountAsPresent() throws IOException {
            linked(dir, TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES);
            Files.write(dir.resolve("t10k-labels-idx1-ubyte"), gunzip(mnistDir().resolve(TEST_LABELS)));

            assertEquals(Optional.of(dir), DataLocator.locate("spec.yaml", DataSetKind.MNIST, null, dir, null));
        }
    }

    @Nested
    class ReadingTheRealFiles {

        static RawImages train;
        static RawImages test;

        @BeforeAll
        static void read() {
            RawImages[] raw = Splits.read(DataSetKind.MNIST, Optional.of(mnistDir()), null);
            train = raw[0];
            test = raw[1];
        }

        @Test
        void countsAndShapes() {
            assertAll(
                    () -> assertEquals(60_000, train.count()),
                    () -> assertEquals(10_000, test.count()),
                    () -> assertArrayEquals(new long[] {1, 28, 28}, train.imageShape()),
                    () -> assertEquals(60_000 * 784, train.pixels().length),
                    () -> assertEquals(10_000 * 784, test.pixels().length),
                    () -> assertEquals(60_000, train.labels().length));
        }

        @Test
        void theFirstLabelsAreMnists() {
            assertArrayEquals(new byte[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(train.labels(), 10));
            assertArrayEquals(new byte[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(test.labels(), 10));
        }

        @Test
        void labelCountsPerDigitAreMnists() {
            assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, histogram(train.labels()));
            assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, histogram(test.labels()));
        }

        @Test
        void pixelsAreTheFilesBytesAfterTheHeader() throws IOException {
            byte[] file = gunzip(mnistDir().resolve(TEST_IMAGES));

            assertEquals(16 + test.pixels().length, file.length);
            assertArrayEquals(Arrays.copyOfRange(file, 16, 16 + 784 * 3), Arrays.copyOf(test.pixels(), 784 * 3));
        }

        @Test
        void firstKeepsTheFirstRecords() {
            RawImages first = test.first(5);

            assertEquals(5, first.count());
            assertArrayEquals(Arrays.copyOf(test.labels(), 5), first.labels());
            assertArrayEquals(Arrays.copyOf(test.pixels(), 5 * 784), first.pixels());
            assertEquals(test, test.first(null));
            assertEquals(test, test.first(20_000));
        }

        @Test
        void uncompressedFilesReadTheSame() throws IOException {
            Path plain = dir.resolve("t10k-labels-idx1-ubyte");
            Files.write(plain, gunzip(mnistDir().resolve(TEST_LABELS)));

            IdxFile read = IdxFile.read(plain);

            assertArrayEquals(new int[] {10_000}, read.dimensions());
            assertArrayEquals(test.labels(), read.data());
        }
    }

    @Nested
    class BrokenFiles {

        @ParameterizedTest(name = "first {0} bytes")
        @CsvSource(delimiter = '|', value = {
            "0    | truncated: the file ends inside its header",
            "5    | truncated: the file ends inside its header",
            "20   | truncated: the file ends inside its header",
            "100  | truncated: its header promises 10000 bytes of data, the file ends early",
            "4000 | truncated: its header promises 10000 bytes of data, the file ends early",
        })
        void aTruncatedGzipFile(int bytes, String problem) throws IOException {
            Path file = dir.resolve(TEST_LABELS);
            Files.write(file, Arrays.copyOf(Files.readAllBytes(mnistDir().resolve(TEST_LABELS)), bytes));

            DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

            assertEquals(file + ": " + problem, e.getMessage());
        }

        @Test
        void aTruncatedImagesFile() throws IOException {
            Path file = dir.resolve(TEST_IMAGES);
            try (InputStream in = Files.newInputStream(mnistDir().resolve(TEST_IMAGES))) {
                Files.write(file, in.readNBytes(100_000));
            }

            DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

            assertEquals(file + ": truncated: its header promises 7840000 bytes of data, the file ends early", e.getMessage());
        }

        @Test
        void aGzipFileWithAWrongChecksum() throws IOException {
            byte[] bytes = Files.readAllBytes(mnistDir().resolve(TEST_LABELS));
            bytes[bytes.length - 6] ^= 0x55;
            Path file = Files.write(dir.resolve(TEST_LABELS), bytes);

            DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        }

        @Test
        void garbageNamedGz() throws IOException {
            Path file = Files.writeString(dir.resolve(TRAIN_LABELS), "this is not gzip at all");

            DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

            assertEquals(file + ": not a valid gzip file (Not in GZIP format)", e.getMessage());
        }

        @Test
        void garbageUncompressed() throws IOException {
            Path file = Files.writeString(dir.resolve("train-labels-idx1-ubyte"), "hello, not an IDX file");

            DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

            assertEquals(file + ": not an IDX file of unsigned bytes (magic number 0x68656c6c)", e.getMessage());
        }

        @Test
        void gzippedGarbage() throws IOException {
            Path file = dir.resolve(TRAIN_LABELS);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(bytes)) {
                out.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
            Files.write(file, bytes.toByteArray());

            DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

            assertEquals(file + ": not an IDX file of unsigned bytes (magic number 0x1020304)", e.getMessage());
        }

        @Test
        void anIdxFileOfFloats() throws IOException {
            Path file = dir.resolve("floats");
            Files.write(file, new byte[] {0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0});

            DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

            assertEquals(file + ": not an IDX file of unsigned bytes (magic number 0xd01)", e.getMessage());
        }

        @Test
        void anEmptyFile() throws IOException {
            Path file = Files.write(dir.resolve("empty"), new byte[0]);

            assertEquals(file + ": truncated: the file ends inside its header",
                    assertThrows(DataException.class, () -> IdxFile.read(file)).getMessage());
        }

        @Test
        void aNegativeDimension() throws IOException {
            Path file = Files.write(dir.resolve("negative"), new byte[] {0, 0, 8, 1, -1, -1, -1, -1});

            DataException e = assertThrows(DataException.class, () -> IdxFile.read(file));

            assertFalse(e.getMessage().contains("\n"));
        }

        @Test
        void imagesOfTheWrongSize() throws IOException {
            Path images = idx(dir.resolve(TEST_IMAGES), new int[] {3, 5, 5}, new byte[75]);
            idx(dir.resolve(TEST_LABELS), new int[] {3}, new byte[3]);

            DataException e = assertThrows(DataException.class,
                    () -> Splits.fromFiles(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", DataSetKind.MNIST));

            assertEquals(images + ": expected 28x28 images, got dimensions [3, 5, 5]", e.getMessage());
        }

        @Test
        void fewerLabelsThanImages() throws IOException {
            idx(dir.resolve(TEST_IMAGES), new int[] {3, 28, 28}, new byte[3 * 784]);
            Path labels = idx(dir.resolve(TEST_LABELS), new int[] {2}, new byte[2]);

            DataException e = assertThrows(DataException.class,
                    () -> Splits.fromFiles(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", DataSetKind.MNIST));

            assertEquals(labels + ": expected 3 labels (one per image), got dimensions [2]", e.getMessage());
        }

        @Test
        void aLabelOutOfRange() throws IOException {
            idx(dir.resolve(TEST_IMAGES), new int[] {2, 28, 28}, new byte[2 * 784]);
            Path labels = idx(dir.resolve(TEST_LABELS), new int[] {2}, new byte[] {3, 10});

            DataException e = assertThrows(DataException.class,
                    () -> Splits.fromFiles(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", DataSetKind.MNIST));

            assertEquals(labels + ": expected labels 0..9, found 10", e.getMessage());
        }

        @Test
        void aLabelAbove127IsReportedUnsigned() throws IOException {
            idx(dir.resolve(TEST_IMAGES), new int[] {1, 28, 28}, new byte[784]);
            Path labels = idx(dir.resolve(TEST_LABELS), new int[] {1}, new byte[] {(byte) 200});

            DataException e = assertThrows(DataException.class,
                    () -> Splits.fromFiles(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", DataSetKind.MNIST));

            assertEquals(labels + ": expected labels 0..9, found 200", e.getMessage());
        }

        @Test
        void aBrokenFileAmongGoodOnesIsNamedWhenTheDataSetIsRead() throws IOException {
            linked(dir, TRAIN_IMAGES, TRAIN_LABELS, TEST_LABELS);
            Path broken = dir.resolve(TEST_IMAGES);
            Files.write(broken, Arrays.copyOf(Files.readAllBytes(mnistDir().resolve(TEST_IMAGES)), 50_000));

            DataException e = assertThrows(DataException.class,
                    () -> Splits.read(DataSetKind.MNIST, DataLocator.locate("spec.yaml", DataSetKind.MNIST, null, dir, null), null));

            assertEquals(broken + ": truncated: its header promises 7840000 bytes of data, the file ends early", e.getMessage());
        }
    }

    static int[] histogram(byte[] labels) {
        int[] counts = new int[10];
        for (byte label : labels) counts[label]++;
        return counts;
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
