package djlab.plugin;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import djlab.data.RawImages;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Plug-ins for the tests, found through src/test/resources/META-INF/services like a user's. */
final class TestProviders {

    private TestProviders() {}

    static int intArg(Map<String, Object> args, String name, int otherwise) {
        Object v = args.get(name);
        if (v == null) return otherwise;
        if (!(v instanceof Integer i)) throw new IllegalArgumentException(name + ": expected an integer, got " + v);
        return i;
    }

    /** flatten, dense(width), relu, dense(classes). */
    public static final class TinyNet implements ModelProvider {
        @Override
        public String name() {
            return "tiny-net";
        }

        @Override
        public Block newBlock(Map<String, Object> args, Shape inputShape, int classes) {
            return new SequentialBlock().add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(intArg(args, "width", 16)).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(classes).build());
        }
    }

    /** Throws for its argument, as a provider checking its arguments would. */
    public static final class ThrowingNet implements ModelProvider {
        @Override
        public String name() {
            return "throwing-net";
        }

        @Override
        public Block newBlock(Map<String, Object> args, Shape inputShape, int classes) {
            throw new IllegalArgumentException("heads (" + args.get("heads") + ") must divide the width");
        }
    }

    /** Scores three classes too many. */
    public static final class WrongOutputNet implements ModelProvider {
        @Override
        public String name() {
            return "wrong-output-net";
        }

        @Override
        public Block newBlock(Map<String, Object> args, Shape inputShape, int classes) {
            return new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(classes + 3).build());
        }
    }

    /** Not listed in META-INF/services of the tests: found only through a jar given to --plugins. */
    public static final class JarOnlyNet implements ModelProvider {
        @Override
        public String name() {
            return "jar-only-net";
        }

        @Override
        public Block newBlock(Map<String, Object> args, Shape inputShape, int classes) {
            return new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(classes).build());
        }
    }

    /**
     * Three classes of 8x8 grey images: a bright horizontal band in rows 0-2, 3-5 or 6-7, with noise; {@code train}
     * and {@code test} records (default 300 and 90), drawn from {@code seed} (default 0).
     */
    public static final class Stripes implements DataProvider {
        static final List<String> CLASSES = List.of("top", "middle", "bottom");

        @Override
        public String name() {
            return "stripes";
        }

        @Override
        public ProvidedData load(Map<String, Object> args, DataContext context) {
            Random random = new Random(intArg(args, "seed", 0));
            return new ProvidedData(images(intArg(args, "train", 300), random), images(intArg(args, "test", 90), random),
                    CLASSES);
        }

        static RawImages images(int n, Random random) {
            byte[] pixels = new byte[n * 64];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                int label = i % 3;
                labels[i] = (byte) label;
                for (int p = 0; p < 64; p++) {
                    int row = p / 8;
                    boolean band = row >= label * 3 && row < label * 3 + 3;
                    pixels[i * 64 + p] = (byte) Math.min(255, (band ? 180 : 20) + random.nextInt(60));
                }
            }
            return new RawImages(n, new long[] {1, 8, 8}, pixels, labels);
        }
    }

    /** Training images 8x8 but test images 8x9. */
    public static final class BadShapes implements DataProvider {
        @Override
        public String name() {
            return "bad-shapes";
        }

        @Override
        public ProvidedData load(Map<String, Object> args, DataContext context) {
            Random random = new Random(0);
            RawImages test = Stripes.images(10, random);
            return new ProvidedData(Stripes.images(30, random),
                    new RawImages(test.count(), new long[] {1, 8, 9}, new byte[test.count() * 72], test.labels()),
                    Stripes.CLASSES);
        }
    }

    /** Named like a built-in data set: refused when loaded. */
    public static final class ClashingData implements DataProvider {
        @Override
        public String name() {
            return "mnist";
        }

        @Override
        public ProvidedData load(Map<String, Object> args, DataContext context) {
            throw new UnsupportedOperationException();
        }
    }
}
