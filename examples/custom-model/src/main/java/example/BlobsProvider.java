package example;

import djlab.data.RawImages;
import djlab.plugin.DataContext;
import djlab.plugin.DataProvider;
import djlab.plugin.ProvidedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A data set generated in memory, no download: 16x16 grey images of a bright blob on noise, the blob's corner of
 * the image being the class ({@code classes} 2 to 4). Arguments: {@code classes} (4), {@code train} (800) and
 * {@code test} (200) images, {@code noise} (0.3, the noise's share of the brightness), {@code seed} (0).
 */
public final class BlobsProvider implements DataProvider {

    static final int SIDE = 16;

    @Override
    public String name() {
        return "blobs";
    }

    @Override
    public ProvidedData load(Map<String, Object> args, DataContext context) {
        int classes = integer(args, "classes", 4, 2, 4);
        int train = integer(args, "train", 800, 1, 1_000_000);
        int test = integer(args, "test", 200, 1, 1_000_000);
        double noise = args.get("noise") instanceof Number n ? n.doubleValue() : 0.3;
        Random random = new Random(integer(args, "seed", 0, 0, Integer.MAX_VALUE));
        List<String> names = new ArrayList<>(List.of("top-left", "top-right", "bottom-left", "bottom-right")
                .subList(0, classes));
        return new ProvidedData(images(train, classes, noise, random), images(test, classes, noise, random), names);
    }

    private static RawImages images(int n, int classes, double noise, Random random) {
        byte[] pixels = new byte[n * SIDE * SIDE];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(classes);
            labels[i] = (byte) label;
            // The blob's centre: somewhere in its class's quadrant.
            double cy = (label / 2) * 8 + 2 + random.nextDouble() * 4;
            double cx = (label % 2) * 8 + 2 + random.nextDouble() * 4;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    double blob = Math.exp(-((y - cy) * (y - cy) + (x - cx) * (x - cx)) / 4.0);
                    double v = (1 - noise) * blob + noise * random.nextDouble();
                    pixels[i * SIDE * SIDE + y * SIDE + x] = (byte) Math.round(255 * Math.min(1, v));
                }
            }
        }
        return new RawImages(n, new long[] {1, SIDE, SIDE}, pixels, labels);
    }

    private static int integer(Map<String, Object> args, String name, int otherwise, int min, int max) {
        Object v = args.getOrDefault(name, otherwise);
        if (!(v instanceof Integer i) || i < min || i > max) {
            throw new IllegalArgumentException(name + ": expected an integer in [" + min + ", " + max + "], got " + v);
        }
        return i;
    }
}
