package djlab.plugin;

import djlab.data.RawImages;
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
