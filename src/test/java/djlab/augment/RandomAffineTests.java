package djlab.augment;

import static djlab.TestSupport.mnistDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import djlab.data.IdxFile;
import djlab.spec.DataSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RandomAffine} on real MNIST test digits: pixel for pixel where the result is exact, by mass otherwise. */
class RandomAffineTests {

    private static final int N = 16;
    private static final int SIDE = 28;
    private static NDManager manager;
    private static float[] digits;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        byte[] bytes = IdxFile.read(mnistDir().resolve("t10k-images-idx3-ubyte.gz")).data();
        digits = new float[N * SIDE * SIDE];
        for (int i = 0; i < digits.length; i++) digits[i] = (bytes[i] & 0xff) / 255f;
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray batch() {
        return manager.create(digits, new Shape(N, 1, SIDE, SIDE));
    }

    private static float pixel(float[] images, int i, int y, int x) {
        return images[i * SIDE * SIDE + y * SIDE + x];
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(SIDE - 1, v));
    }

    @Test
    void aShiftedDigitIsTheSameDigitMovedPixelForPixel() {
        RandomAffine shift = new RandomAffine(new DataSpec.Augment(2, 0.0, 0.0, "none"), 7);
        RandomAffine.Draw[] draws = new RandomAffine.Draw[N];
        for (int i = 0; i < N; i++) draws[i] = shift.draw();
        float[] out = RandomAffine.apply(batch(), draws).toFloatArray();

        boolean moved = false;
        for (int i = 0; i < N; i++) {
            RandomAffine.Draw d = draws[i];
            assertTrue(Math.abs(d.dx()) <= 2 && Math.abs(d.dy()) <= 2, d::toString);
            moved |= d.dx() != 0 || d.dy() != 0;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    assertEquals(pixel(digits, i, clamp(y - d.dy()), clamp(x - d.dx())), pixel(out, i, y, x),
                            "digit " + i + " " + d + " at (" + y + ", " + x + ")");
                }
            }
            // A digit with 2 blank pixels on every side loses no ink and gains none from repeated edges.
            if (margin(digits, i) >= 2) assertEquals(sum(digits, i), sum(out, i), 1e-3, "ink of digit " + i);
        }
        assertTrue(moved, "16 draws of a +-2 shift should move some digit");
    }

    @Test
    void aQuarterTurnIsTheDigitRotated() {
        RandomAffine.Draw[] quarter = new RandomAffine.Draw[N];
        Arrays.fill(quarter, new RandomAffine.Draw(0, 0, 90, 1, false, false));
        float[] out = RandomAffine.apply(batch(), quarter).toFloatArray();

        for (int i = 0; i < N; i++) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    // +90 degrees turns clockwise as displayed (y down): the output at (y, x) is the input at (27 - x, y)
                    assertEquals(pixel(digits, i, SIDE - 1 - x, y), pixel(out, i, y, x), 1e-4, "digit " + i);
                }
            }
        }
    }

    @Test
    void aHorizontalFlipMirrorsTheColumns() {
        RandomAffine.Draw[] flips = new RandomAffine.Draw[N];
        Arrays.fill(flips, new RandomAffine.Draw(0, 0, 0, 1, true, false));
        float[] out = RandomAffine.apply(batch(), flips).toFloatArray();

        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) assertEquals(pixel(digits, 3, y, SIDE - 1 - x), pixel(out, 3, y, x));
        }
    }

    @Test
    void zoomingOutToHalfSizeLeavesAQuarterOfTheInk() {
        RandomAffine.Draw[] half = new RandomAffine.Draw[N];
        Arrays.fill(half, new RandomAffine.Draw(0, 0, 0, 0.5, false, false));
        float[] out = RandomAffine.apply(batch(), half).toFloatArray();

        for (int i = 0; i < N; i++) {
            double ratio = sum(out, i) / sum(digits, i);
            assertTrue(ratio > 0.2 && ratio < 0.3, "digit " + i + ": ink ratio " + ratio);
        }
    }

    @Test
    void theSameSeedGivesTheSameAugmentationAndAnotherSeedAnother() {
        DataSpec.Augment spec = new DataSpec.Augment(2, 15.0, 0.1, "none");
        float[] a = new RandomAffine(spec, 1).transform(batch()).toFloatArray();
        float[] b = new RandomAffine(spec, 1).transform(batch()).toFloatArray();
        float[] c = new RandomAffine(spec, 2).transform(batch()).toFloatArray();

        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void drawsStayInTheirRanges() {
        RandomAffine affine = new RandomAffine(new DataSpec.Augment(1, 15.0, 0.1, "both"), 3);
        int flipsX = 0;
        for (int k = 0; k < 2000; k++) {
            RandomAffine.Draw d = affine.draw();
            assertTrue(Math.abs(d.dx()) <= 1 && Math.abs(d.dy()) <= 1);
            assertTrue(Math.abs(d.degrees()) <= 15 && Math.abs(d.scale() - 1) <= 0.1);
            flipsX += d.flipX() ? 1 : 0;
        }
        assertTrue(flipsX > 900 && flipsX < 1100, "about half flipped: " + flipsX);
    }

    /** Writes the grid; {@code -Ddjlab.augmentGrid=FILE} keeps a copy to look at. */
    @Test
    void theGridOfAugmentedSamplesIsAPicture() throws Exception {
        RandomAffine affine = new RandomAffine(new DataSpec.Augment(2, 15.0, 0.1, "none"), 42);
        String keep = System.getProperty("djlab.augmentGrid");
        Path file = keep != null ? Path.of(keep) : dir.resolve("augmented.png");
        AugmentationGrid.write(AugmentationGrid.draw(batch().get("0:8"), affine, 6, 3), file);

        BufferedImage read = ImageIO.read(file.toFile());
        assertEquals(8 * (SIDE * 3 + 2), read.getHeight());
        assertTrue(Files.size(file) > 1000);
    }

    /** Blank rows or columns between the digit's ink and the nearest border. */
    private static int margin(float[] images, int i) {
        int margin = SIDE;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                if (pixel(images, i, y, x) > 0) {
                    margin = Math.min(margin, Math.min(Math.min(y, x), Math.min(SIDE - 1 - y, SIDE - 1 - x)));
                }
            }
        }
        return margin;
    }

    private static double sum(float[] images, int i) {
        double s = 0;
        for (int k = 0; k < SIDE * SIDE; k++) s += images[i * SIDE * SIDE + k];
        return s;
    }
}
