package djlab.plugin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.translate.TranslateException;
import djlab.data.RawImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A data set's records as a {@link DataProvider} returns them: images as unsigned bytes (N x C x H x W, row-major,
 * 0-255; DJLab scales them to [0, 1]) with one label (0 .. classes - 1) per image, for training and for test, and
 * the class names in label order.
 */
public record ProvidedData(RawImages train, RawImages test, List<String> classNames) {

    /** One image's shape, (channels, height, width). */
    public long[] imageShape() {
        return train.imageShape().clone();
    }

    /**
     * From float pixels in [0, 1] (values outside are clipped), as plain arrays.
     *
     * @param imageShape (channels, height, width) of one image
     */
    public static ProvidedData ofFloats(long[] imageShape, float[] trainPixels, int[] trainLabels, float[] testPixels,
            int[] testLabels, List<String> classNames) {
        return new ProvidedData(images(imageShape, trainPixels, trainLabels), images(imageShape, testPixels, testLabels),
                classNames);
    }

    /** Images and labels as {@link RawImages}, from float pixels in [0, 1] and int labels. */
    public static RawImages images(long[] imageShape, float[] pixels, int[] labels) {
        byte[] bytes = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            bytes[i] = (byte) Math.round(Math.max(0f, Math.min(1f, pixels[i])) * 255f);
        }
        byte[] l = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) l[i] = (byte) labels[i];
        return new RawImages(labels.length, imageShape.clone(), bytes, l);
    }

    /**
     * The records of a DJL dataset (e.g. one of {@code ai.djl.basicdataset}, or your own), read whole: each batch's
     * first data array holds images {@code (N, C, H, W)} as numbers in [0, 1] (as DJL's {@code ToTensor} makes them),
     * its first label array one class index per image.
     */
    public static RawImages images(RandomAccessDataset dataset, NDManager manager) throws IOException,
            TranslateException {
        dataset.prepare();
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        long[] shape = null;
        for (Batch batch : dataset.getData(manager)) {
            try (batch) {
                NDArray x = batch.getData().head();
                if (x.getShape().dimension() != 4) {
                    throw new IllegalArgumentException("expected images (N, C, H, W), got a batch of " + x.getShape());
                }
                long[] image = x.getShape().slice(1).getShape();
                if (shape == null) shape = image;
                if (!Arrays.equals(shape, image)) {
                    throw new IllegalArgumentException("images of shapes " + Arrays.toString(shape) + " and "
                            + Arrays.toString(image));
                }
                pixels.writeBytes(x.clip(0, 1).mul(255).round().toType(DataType.UINT8, false).toByteArray());
                labels.writeBytes(batch.getLabels().head().toType(DataType.UINT8, false).toByteArray());
            }
        }
        if (shape == null) throw new IllegalArgumentException("the dataset has no records");
        byte[] l = labels.toByteArray();
        return new RawImages(l.length, shape, pixels.toByteArray(), l);
    }

    /** What is wrong with the records, in one line, or null when they are consistent. */
    String problem() {
        if (train == null || test == null) return "returned no " + (train == null ? "training" : "test") + " images";
        if (classNames == null || classNames.isEmpty()) return "returned no class names";
        if (classNames.size() > 256) return "returned " + classNames.size() + " classes; at most 256 fit a byte label";
        long[] shape = train.imageShape();
        if (shape == null || shape.length != 3 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            return "expected an image shape (channels, height, width), got " + Arrays.toString(shape);
        }
        if (!Arrays.equals(shape, test.imageShape())) {
            return "training images are " + Arrays.toString(shape) + " but test images are "
                    + Arrays.toString(test.imageShape());
        }
        for (RawImages part : List.of(train, test)) {
            String which = part == train ? "training" : "test";
            if (part.count() < 1) return "returned no " + which + " images";
            if (part.pixels() == null || part.pixels().length != (long) part.count() * part.imageSize()) {
                return "expected " + part.count() + " " + which + " images of " + Arrays.toString(shape) + " ("
                        + (long) part.count() * part.imageSize() + " bytes), got "
                        + (part.pixels() == null ? "none" : part.pixels().length + " bytes");
            }
            if (part.labels() == null || part.labels().length != part.count()) {
                return "expected " + part.count() + " " + which + " labels (one per image), got "
                        + (part.labels() == null ? "none" : part.labels().length);
            }
            for (byte label : part.labels()) {
                if ((label & 0xff) >= classNames.size()) {
                    return "expected " + which + " labels 0.." + (classNames.size() - 1) + " (one per class name), found "
                            + (label & 0xff);
                }
            }
        }
        return null;
    }
}
