package djlab.augment;

import ai.djl.ndarray.NDArray;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A picture for checking augmentation by eye: one row per image, the original first, then augmented copies, each
 * pixel drawn {@code zoom} x {@code zoom}, a grey line between the original and its copies.
 */
public final class AugmentationGrid {

    private AugmentationGrid() {}

    /**
     * @param originals images N x C x H x W in [0, 1] (the first channel is drawn, or RGB for 3 channels)
     * @param copies copies per image
     */
    public static BufferedImage draw(NDArray originals, RandomAffine augment, int copies, int zoom) {
        long[] shape = originals.getShape().getShape();
        int n = (int) shape[0];
        int channels = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        int cell = w * zoom + 2;
        BufferedImage image = new BufferedImage(cell * (copies + 1) + 4, (h * zoom + 2) * n, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < image.getWidth(); x++) for (int y = 0; y < image.getHeight(); y++) image.setRGB(x, y, 0x303030);
        float[] plain = originals.toFloatArray();
        for (int copy = 0; copy <= copies; copy++) {
            float[] pixels = plain;
            if (copy > 0) {
                try (NDArray augmented = augment.transform(originals)) {
                    pixels = augmented.toFloatArray();
                }
            }
            int left = copy * cell + (copy > 0 ? 4 : 0);
            for (int i = 0; i < n; i++) {
                int top = i * (h * zoom + 2);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int rgb = rgb(pixels, i, channels, h, w, y, x);
                        for (int dy = 0; dy < zoom; dy++) {
                            for (int dx = 0; dx < zoom; dx++) image.setRGB(left + x * zoom + dx, top + y * zoom + dy, rgb);
                        }
                    }
                }
            }
        }
        return image;
    }

    private static int rgb(float[] pixels, int i, int channels, int h, int w, int y, int x) {
        int plane = h * w;
        int base = i * channels * plane + y * w + x;
        int r = level(pixels[base]);
        if (channels < 3) return r << 16 | r << 8 | r;
        return r << 16 | level(pixels[base + plane]) << 8 | level(pixels[base + 2 * plane]);
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    public static void write(BufferedImage image, Path file) throws IOException {
        ImageIO.write(image, "png", file.toFile());
    }
}
