package djlab.data;

import ai.djl.basicdataset.cv.classification.ImageFolder;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.transform.Resize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import djlab.spec.DataSpec;
import djlab.spec.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code image-folder}: a folder of class sub-folders of images (png, jpg, bmp, gif), read by DJL's
 * {@link ImageFolder}, resized to {@code data.image} and made grey or colour. Either the folder holds
 * {@code train/} and {@code test/}, each with the same class sub-folders, or it holds the class sub-folders itself
 * and {@code data.test_split} of its images (chosen by seed) become the test set. Classes are the sub-folder names
 * in sorted order, as DJL numbers them.
 */
public final class ImageFolders {

    /** The test fraction of a folder without train/ and test/ when the spec gives none. */
    public static final double DEFAULT_TEST_SPLIT = 0.2;

    private ImageFolders() {}

    /** Whether the folder holds {@code train/} and {@code test/} sub-folders. */
    static boolean presplit(Path folder) {
        return Files.isDirectory(folder.resolve("train")) && Files.isDirectory(folder.resolve("test"));
    }

    /** The class names: the sub-folders (of {@code train/} when there is one), sorted. */
    public static List<String> classes(Path folder) {
        return subfolders(presplit(folder) ? folder.resolve("train") : folder);
    }

    private static List<String> subfolders(Path root) {
        File[] dirs = root.toFile().listFiles(f -> f.isDirectory() && !f.getName().startsWith("."));
        if (dirs == null) return List.of();
        return Arrays.stream(dirs).map(File::getName).sorted().toList();
    }

    /** Rejects a folder that has no class sub-folders with images, or whose train/ and test/ classes differ. */
    static void check(String file, String field, Path folder) {
        Path train = presplit(folder) ? folder.resolve("train") : folder;
        List<String> classes = subfolders(train);
        if (classes.size() < 2) {
            throw new BadInputException(file, field, "expected at least 2 class sub-folders of images in " + train
                    + ", found " + classes.size());
        }
        if (classes.size() > 256) {
            throw new BadInputException(file, field, "expected at most 256 classes, found " + classes.size() + " in " + train);
        }
        if (presplit(folder) && !subfolders(folder.resolve("test")).equals(classes)) {
            throw new BadInputException(file, field, "train/ and test/ of " + folder + " have different class sub-folders: "
                    + classes + " and " + subfolders(folder.resolve("test")));
        }
        for (String c : classes) {
            if (!hasImage(train.resolve(c))) {
                throw new BadInputException(file, field, "class folder " + train.resolve(c) + " holds no image (png, jpg, bmp, gif)");
            }
        }
    }

    private static boolean hasImage(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().toLowerCase().matches("[^.].*\\.(png|jpe?g|bmp|wbmp|gif)"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The training and test records, resized and in the spec's channels. */
    static RawImages[] read(Path folder, DataSpec data, long seed, NDManager manager) {
        if (presplit(folder)) {
            return new RawImages[] {
                read(folder.resolve("train"), data.image(), manager), read(folder.resolve("test"), data.image(), manager)
            };
        }
        RawImages all = read(folder, data.image(), manager);
        double fraction = data.testSplit() == null ? DEFAULT_TEST_SPLIT : data.testSplit();
        int test = (int) Math.max(1, Math.round(all.count() * fraction));
        if (test >= all.count()) {
            throw new DataException(folder + ": " + all.count() + " images are too few to hold " + test + " out for testing");
        }
        int[] order = IntStream.range(0, all.count()).toArray();
        Splits.shuffle(order, new Random(seed ^ 0x7e57L));
        int[] testIdx = Arrays.copyOfRange(order, 0, test);
        int[] trainIdx = Arrays.copyOfRange(order, test, order.length);
        Arrays.sort(testIdx);
        Arrays.sort(trainIdx);
        return new RawImages[] {all.select(trainIdx), all.select(testIdx)};
    }

    private static RawImages read(Path root, DataSpec.Image image, NDManager manager) {
        try (NDManager scratch = manager == null ? NDManager.newBaseManager() : manager.newSubManager()) {
            ImageFolder dataset = ImageFolder.builder()
                    .setRepositoryPath(root)
                    .optFlag(image.channels() == 1 ? Image.Flag.GRAYSCALE : Image.Flag.COLOR)
                    // In floating point: libtorch's uint8 resize turns a constant 255 into 254 in places.
                    .addTransform(array -> array.toType(DataType.FLOAT32, false))
                    // Resize as a transform: the folder's own optImageHeight is ignored (DJL returns the width for it).
                    .addTransform(new Resize(image.width(), image.height()))
                    .addTransform(new ToTensor())
                    .setSampling(256, false)
                    .build();
            dataset.prepare();
            ByteArrayOutputStream pixels = new ByteArrayOutputStream();
            ByteArrayOutputStream labels = new ByteArrayOutputStream();
            int count = 0;
            for (Batch batch : dataset.getData(scratch)) {
                try (batch) {
                    NDArray x = batch.getData().head().mul(255).round().clip(0, 255).toType(DataType.UINT8, false);
                    pixels.writeBytes(x.toByteArray());
                    labels.writeBytes(batch.getLabels().head().toType(DataType.UINT8, false).toByteArray());
                    count += batch.getSize();
                }
            }
            long[] shape = {image.channels(), image.height(), image.width()};
            return new RawImages(count, shape, pixels.toByteArray(), labels.toByteArray());
        } catch (IOException | TranslateException | RuntimeException e) {
            if (e instanceof DataException d) throw d;
            throw new DataException(root + ": cannot read the images (" + e.getMessage() + ")");
        }
    }

    /** Class names for messages and reports, in label order. */
    public static List<String> names(Path folder) {
        return new ArrayList<>(classes(folder));
    }
}
