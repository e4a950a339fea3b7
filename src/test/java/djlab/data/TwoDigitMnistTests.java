package djlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import djlab.TestSupport;
import djlab.spec.DataSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two-digit MNIST: rows of each digit, labels, splits kept apart, determinism, the cache, label splitting. */
class TwoDigitMnistTests {

    private static RawImages[] mnist;

    @BeforeAll
    static void readMnist() {
        mnist = new RawImages[] {
            Splits.fromFiles(TestSupport.mnistDir(), DataSetKind.TRAIN_IMAGES, DataSetKind.TRAIN_LABELS, DataSetKind.MNIST),
            Splits.fromFiles(TestSupport.mnistDir(), DataSetKind.TEST_IMAGES, DataSetKind.TEST_LABELS, DataSetKind.MNIST)
        };
    }

    private static final int S = 28;

    /** The index in {@code source} of the digit image equal to {@code rows} of a 28x28 digit, found by its pixels. */
    private static Set<Integer> matches(RawImages source, byte[] digit) {
        Set<Integer> found = new HashSet<>();
        for (int i = 0; i < source.count(); i++) {
            if (Arrays.equals(source.pixels(), i * S * S, (i + 1) * S * S, digit, 0, S * S)) found.add(i);
        }
        return found;
    }

    @Test
    void eachDigitOccupiesItsRowsAndTheOverlapIsTheBrighterOfTheTwo() {
        DataSpec.TwoDigit params = new DataSpec.TwoDigit(200, 50, null, 7L);
        assertEquals(14, params.overlap());
        // Pairs drawn with the same random stream as the generator, to know which source digits went where.
        java.util.Random random = new java.util.Random(7L * 2);
        RawImages train = TwoDigitMnist.generate(mnist[0], mnist[1], params)[0];
        assertArrayEquals(new long[] {1, 42, 28}, train.imageShape());
        int checkedOverlapPixels = 0;
        for (int i = 0; i < train.count(); i++) {
            int top = random.nextInt(mnist[0].count());
            int bottom = random.nextInt(mnist[0].count());
            byte[] image = Arrays.copyOfRange(train.pixels(), i * 42 * S, (i + 1) * 42 * S);
            int topStart = top * S * S;
            int bottomStart = bottom * S * S;
            // Rows 0-13: the top digit's rows 0-13 only.
            assertArrayEquals(Arrays.copyOfRange(mnist[0].pixels(), topStart, topStart + 14 * S),
                    Arrays.copyOfRange(image, 0, 14 * S), "rows 0-13 of image " + i);
            // Rows 28-41: the bottom digit's rows 14-27 only.
            assertArrayEquals(Arrays.copyOfRange(mnist[0].pixels(), bottomStart + 14 * S, bottomStart + S * S),
                    Arrays.copyOfRange(image, 28 * S, 42 * S), "rows 28-41 of image " + i);
            // Rows 14-27: the top digit's rows 14-27 and the bottom digit's rows 0-13, the brighter pixel of each pair.
            for (int p = 0; p < 14 * S; p++) {
                int t = mnist[0].pixels()[topStart + 14 * S + p] & 0xff;
                int b = mnist[0].pixels()[bottomStart + p] & 0xff;
                assertEquals(Math.max(t, b), image[14 * S + p] & 0xff, "overlap pixel " + p + " of image " + i);
                if (t > 0 && b > 0) checkedOverlapPixels++;
            }
            int label = train.labels()[i];
            assertEquals(mnist[0].labels()[top], TwoDigitMnist.top(label), "top label of image " + i);
            assertEquals(mnist[0].labels()[bottom], TwoDigitMnist.bottom(label), "bottom label of image " + i);
        }
        assertTrue(checkedOverlapPixels > 0, "some digits touch in the overlap");
    }

    @Test
    void testDigitsComeFromMnistTestSplitAndTrainingDigitsFromItsTrainingSplit() {
        DataSpec.TwoDigit params = new DataSpec.TwoDigit(30, 30, 0, 3L);
        RawImages[] generated = TwoDigitMnist.generate(mnist[0], mnist[1], params);
        assertArrayEquals(new long[] {1, 56, 28}, generated[1].imageShape());
        for (int i = 0; i < 30; i++) {
            for (int half = 0; half < 2; half++) {
                int start = i * 56 * S + half * S * S;
                byte[] digit = Arrays.copyOfRange(generated[1].pixels(), start, start + S * S);
                assertTrue(!matches(mnist[1], digit).isEmpty(), "test image " + i + " half " + half + " is a test digit");
                assertTrue(matches(mnist[0], digit).isEmpty(), "test image " + i + " half " + half + " is no training digit");
                byte[] trainDigit = Arrays.copyOfRange(generated[0].pixels(), start, start + S * S);
                assertTrue(!matches(mnist[0], trainDigit).isEmpty(), "training image " + i + " is a training digit");
            }
        }
    }

    @Test
    void sameSeedSameImagesOtherSeedOthersAndLabelsRoughlyBalanced() {
        DataSpec.TwoDigit params = new DataSpec.TwoDigit(4000, 4000, null, 0L);
        RawImages[] a = TwoDigitMnist.generate(mnist[0], mnist[1], params);
        RawImages[] b = TwoDigitMnist.generate(mnist[0], mnist[1], params);
        RawImages[] c = TwoDigitMnist.generate(mnist[0], mnist[1], new DataSpec.TwoDigit(4000, 4000, null, 1L));
        assertArrayEquals(a[0].pixels(), b[0].pixels());
        assertArrayEquals(a[1].labels(), b[1].labels());
        assertTrue(!Arrays.equals(a[0].pixels(), c[0].pixels()));
        // The report's test set has roughly 400 of each digit, top and bottom.
        Map<Integer, Integer> tops = new HashMap<>();
        Map<Integer, Integer> bottoms = new HashMap<>();
        for (byte label : a[1].labels()) {
            tops.merge(TwoDigitMnist.top(label), 1, Integer::sum);
            bottoms.merge(TwoDigitMnist.bottom(label), 1, Integer::sum);
        }
        for (int digit = 0; digit < 10; digit++) {
            assertTrue(tops.get(digit) > 300 && tops.get(digit) < 500, "top " + digit + ": " + tops.get(digit));
            assertTrue(bottoms.get(digit) > 300 && bottoms.get(digit) < 500, "bottom " + digit + ": " + bottoms.get(digit));
        }
    }

    @Test
    void generatedOnceThenReadFromTheCache(@TempDir Path cache) throws Exception {
        System.setProperty("djlab.cache.dir", cache.toString());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            DataSpec.TwoDigit params = new DataSpec.TwoDigit(300, 100, null, 5L);
            RawImages[] first = TwoDigitMnist.read(Optional.of(TestSupport.mnistDir()), params, manager);
            Path dir;
            try (var dirs = Files.list(cache.resolve("two-digit-mnist"))) {
                dir = dirs.findFirst().orElseThrow();
            }
            assertTrue(Files.isRegularFile(dir.resolve("train-images-idx3-ubyte")));
            RawImages[] cached = TwoDigitMnist.readCache(dir, params);
            assertNotNull(cached);
            assertArrayEquals(first[0].pixels(), cached[0].pixels());
            assertArrayEquals(first[1].labels(), cached[1].labels());
            // Read again: from the cache (a generation would have to read MNIST, which an empty folder cannot give).
            RawImages[] again = TwoDigitMnist.read(Optional.of(TestSupport.mnistDir()), params, manager);
            assertArrayEquals(first[0].pixels(), again[0].pixels());
            // Other parameters, another cache entry.
            TwoDigitMnist.read(Optional.of(TestSupport.mnistDir()), new DataSpec.TwoDigit(300, 100, 10, 5L), manager);
            try (var dirs = Files.list(cache.resolve("two-digit-mnist"))) {
                assertEquals(2, dirs.count());
            }
        } finally {
            System.clearProperty("djlab.cache.dir");
        }
    }

    @Test
    void combinedLabelsSplitIntoOneArrayPerHead() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray combined = manager.create(new float[] {0, 7, 30, 99, 45});
            NDList heads = HeadLabels.split(combined, 2, 10);
            assertArrayEquals(new float[] {0, 0, 3, 9, 4}, heads.get(0).toFloatArray());
            assertArrayEquals(new float[] {0, 7, 0, 9, 5}, heads.get(1).toFloatArray());
        }
    }

    /** A grid of generated images with their labels in the file name order, to look at by eye. */
    @Test
    void writesAPictureGrid() throws Exception {
        RawImages test = TwoDigitMnist.generate(mnist[0], mnist[1], new DataSpec.TwoDigit(10, 40, null, 0L))[1];
        int zoom = 3;
        int columns = 10;
        int h = 42;
        BufferedImage grid = new BufferedImage(columns * (S * zoom + 4), 4 * (h * zoom + 4), BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 40; i++) {
            int left = (i % columns) * (S * zoom + 4);
            int top = (i / columns) * (h * zoom + 4);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < S; x++) {
                    int v = test.pixels()[i * h * S + y * S + x] & 0xff;
                    // The overlapping rows tinted blue, so the layout shows.
                    int rgb = y >= 14 && y < 28 ? v << 16 | v << 8 | Math.min(255, v + 60) : v << 16 | v << 8 | v;
                    for (int dy = 0; dy < zoom; dy++) {
                        for (int dx = 0; dx < zoom; dx++) grid.setRGB(left + x * zoom + dx, top + y * zoom + dy, rgb);
                    }
                }
            }
        }
        Path out = Path.of(System.getProperty("java.io.tmpdir"), "djlab-two-digit-grid.png");
        String dir = System.getProperty("djlab.pictures");
        if (dir != null) out = Path.of(dir).resolve("two-digit-grid.png");
        ImageIO.write(grid, "png", out.toFile());
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            labels.append(TwoDigitMnist.top(test.labels()[i])).append(TwoDigitMnist.bottom(test.labels()[i]))
                    .append(i % columns == columns - 1 ? "\n" : " ");
        }
        Files.writeString(Path.of(out + ".txt"), labels.toString());
        assertTrue(Files.size(out) > 0);
    }
}
