package djlab.data;

import static djlab.TestSupport.mnistDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import djlab.spec.DataSpec;
import djlab.spec.BadInputException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10 from its binary files (a tiny fake written here), image folders of PNGs written here, normalisation. */
class CatalogueDataTests {

    @TempDir
    Path dir;

    // ---- CIFAR-10 ---------------------------------------------------------------------------------------------------

    /** Record r of a file: label r % 10, red plane r, green plane 100 + pixel index % 7, blue 200. */
    private static byte[] cifarRecords(int count, int first) {
        byte[] bytes = new byte[count * CifarFolder.RECORD];
        for (int r = 0; r < count; r++) {
            int base = r * CifarFolder.RECORD;
            bytes[base] = (byte) ((first + r) % 10);
            for (int p = 0; p < 1024; p++) {
                bytes[base + 1 + p] = (byte) (first + r);
                bytes[base + 1 + 1024 + p] = (byte) (100 + p % 7);
                bytes[base + 1 + 2048 + p] = (byte) 200;
            }
        }
        return bytes;
    }

    private Path fakeCifar(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (int b = 1; b <= 5; b++) Files.write(folder.resolve("data_batch_" + b + ".bin"), cifarRecords(3, (b - 1) * 3));
        Files.write(folder.resolve("test_batch.bin"), cifarRecords(4, 50));
        return folder;
    }

    private static DataSpec cifar(Integer trainLimit) {
        return new DataSpec("cifar10", null, 0.0, new DataSpec.Limit(trainLimit, null));
    }

    @Test
    void cifarIsReadByDjlFromTheStandardBinaryFiles() throws IOException {
        Path folder = fakeCifar(dir.resolve("cifar10"));

        RawImages[] raw = Splits.read(DataSetKind.CIFAR10, Optional.of(folder), cifar(null), 1, null);

        assertEquals(15, raw[0].count());
        assertEquals(4, raw[1].count());
        assertArrayEquals(new long[] {3, 32, 32}, raw[0].imageShape());
        for (int r = 0; r < 15; r++) {
            assertEquals(r % 10, raw[0].labels()[r]);
            int base = r * 3072;
            assertEquals(r, raw[0].pixels()[base] & 0xff, "red of record " + r);
            assertEquals(100 + 33 % 7, raw[0].pixels()[base + 1024 + 33] & 0xff, "green");
            assertEquals(200, raw[0].pixels()[base + 2048 + 1023] & 0xff, "blue");
        }
        assertEquals(50 % 10, raw[1].labels()[0]);
    }

    @Test
    void cifarReadsOnlyWhatTheLimitKeeps() throws IOException {
        RawImages[] raw = Splits.read(DataSetKind.CIFAR10, Optional.of(fakeCifar(dir.resolve("c"))), cifar(5), 1, null);
        assertEquals(5, raw[0].count());
    }

    @Test
    void cifarIsFoundUnderADataRootAndInsideCifar10BatchesBin() throws IOException {
        Path root = dir.resolve("data");
        Path nested = fakeCifar(root.resolve("cifar10").resolve("cifar-10-batches-bin"));

        assertEquals(Optional.of(nested), DataLocator.locate("s.yaml", DataSetKind.CIFAR10, null, root, null));
        assertEquals(Optional.of(nested), DataLocator.locate("s.yaml", DataSetKind.CIFAR10,
                root.resolve("cifar10").toString(), null, null));
    }

    @Test
    void missingOrTruncatedCifarFilesAreOneLineErrors() throws IOException {
        Path folder = fakeCifar(dir.resolve("cifar10"));
        Files.delete(folder.resolve("data_batch_3.bin"));
        BadInputException missing = assertThrows(BadInputException.class,
                () -> DataLocator.locate("s.yaml", DataSetKind.CIFAR10, folder.toString(), null, null));
        assertEquals("s.yaml: data.dir: expected the CIFAR-10 binary files data_batch_1.bin .. data_batch_5.bin and "
                + "test_batch.bin in " + folder + " (or in its cifar-10-batches-bin/)", missing.getMessage());

        Files.write(folder.resolve("data_batch_3.bin"), new byte[100]);
        DataException truncated = assertThrows(DataException.class,
                () -> Splits.read(DataSetKind.CIFAR10, Optional.of(folder), cifar(null), 1, null));
        assertTrue(truncated.getMessage().contains("data_batch_3.bin: truncated"), truncated::getMessage);
    }

    // ---- image folders ----------------------------------------------------------------------------------------------

    private static void png(Path file, int width, int height, Color colour) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) for (int y = 0; y < height; y++) image.setRGB(x, y, colour.getRGB());
        ImageIO.write(image, "png", file.toFile());
    }

    /** Classes "dark" (grey 40, 3 images) and "red" (pure red, 2 images), 12x10 PNGs. */
    private Path folder(Path root) throws IOException {
        for (int i = 0; i < 3; i++) png(root.resolve("dark/" + i + ".png"), 12, 10, new Color(40, 40, 40));
        for (int i = 0; i < 2; i++) png(root.resolve("red/" + i + ".png"), 12, 10, Color.RED);
        return root;
    }

    private static DataSpec images(int channels, int size, Double testSplit) {
        return new DataSpec("image-folder", null, 0.0, null, new DataSpec.Image(channels, size, size), testSplit, null, null);
    }

    @Test
    void anImageFolderWithTrainAndTestIsReadResizedInColour() throws IOException {
        Path root = dir.resolve("shapes");
        folder(root.resolve("train"));
        folder(root.resolve("test"));

        RawImages[] raw = Splits.read(DataSetKind.IMAGE_FOLDER, Optional.of(root), images(3, 8, null), 1, null);

        assertEquals(List.of("dark", "red"), ImageFolders.classes(root));
        assertEquals(5, raw[0].count());
        assertEquals(5, raw[1].count());
        assertArrayEquals(new long[] {3, 8, 8}, raw[0].imageShape());
        int red = 0;
        for (int i = 0; i < 5; i++) {
            int label = raw[0].labels()[i];
            byte[] pixels = raw[0].pixels();
            int base = i * 3 * 64;
            if (label == 1) {
                red++;
                assertEquals(255, pixels[base] & 0xff, "red channel of a red image");
                assertEquals(0, pixels[base + 64] & 0xff, "green channel of a red image");
            } else {
                assertEquals(40, pixels[base + 130] & 0xff, "a dark image is grey 40 in every channel");
            }
        }
        assertEquals(2, red);
    }

    @Test
    void aFolderOfClassesAloneIsSplitByTheSeedAndReadInGrey() throws IOException {
        Path root = folder(dir.resolve("flat"));

        RawImages[] raw = Splits.read(DataSetKind.IMAGE_FOLDER, Optional.of(root), images(1, 4, 0.4), 3, null);

        assertEquals(3, raw[0].count());
        assertEquals(2, raw[1].count());
        assertArrayEquals(new long[] {1, 4, 4}, raw[1].imageShape());
        assertEquals(16, raw[1].pixels().length / 2);
        int dark = raw[0].labels()[0] == 0 ? raw[0].pixels()[0] & 0xff : -1;
        if (dark >= 0) assertEquals(40, dark, 1, "grey from colour is a weighted sum, rounded");
    }

    @Test
    void anImageFolderNeedsTwoClassesWithImages() throws IOException {
        png(dir.resolve("one/only/a.png"), 4, 4, Color.BLUE);
        BadInputException e = assertThrows(BadInputException.class,
                () -> DataLocator.locate("s.yaml", DataSetKind.IMAGE_FOLDER, dir.resolve("one").toString(), null, null));
        assertEquals("s.yaml: data.dir: expected at least 2 class sub-folders of images in " + dir.resolve("one")
                + ", found 1", e.getMessage());
    }

    // ---- normalisation ----------------------------------------------------------------------------------------------

    @Test
    void normalisingMnistWithItsUsualValuesCentresItNearZeroWithUnitSpread() {
        try (NDManager manager = NDManager.newBaseManager()) {
            RawImages[] raw = Splits.read(DataSetKind.MNIST, Optional.of(mnistDir()), manager);
            DataSpec data = new DataSpec("mnist", null, 0.0, new DataSpec.Limit(5000, 100), null, null,
                    new DataSpec.Normalize(null, null), null);
            try (Splits splits = Splits.of("s.yaml", DataSetKind.MNIST, raw, data, 1, manager)) {
                float mean = splits.train().images().mean().getFloat();
                float std = splits.train().images().sub(mean).square().mean().sqrt().getFloat();
                assertEquals(0, mean, 0.03);
                assertEquals(1, std, 0.03);
            }
        }
    }
}
