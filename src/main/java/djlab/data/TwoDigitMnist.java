package djlab.data;

import ai.djl.ndarray.NDManager;
import djlab.spec.DataSpec;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Two-digit MNIST, as in the two-digit report: each image stacks two MNIST digits vertically, the top one in rows
 * 0-27 and the bottom one in rows {@code 28 - overlap} .. {@code 55 - overlap} of a {@code (56 - overlap)} x 28
 * image (42 x 28 with the default overlap of 14 rows). Where the digits overlap a pixel is the brighter of the two.
 * Each image has two labels, the top digit and the bottom digit.
 *
 * <p>Generated deterministically from real MNIST by {@code seed}: the training records (from which
 * {@code data.validation} is then held out) pair digits drawn from MNIST's training split, the test records pair
 * digits from MNIST's test split, so no test digit is ever seen in training. The result is cached on disk (under
 * {@code $DJLAB_CACHE_DIR} or {@code ~/.djlab/cache}) keyed by the generation parameters and the source files, so
 * later runs read it instead of generating it again.
 *
 * <p>Inside DJLab the two labels travel as one byte, {@code 10 * top + bottom}, so every split, limit and batching
 * of single-label data sets applies unchanged; {@link HeadLabels} splits it into one label array per head as
 * batches are drawn.
 */
public final class TwoDigitMnist {

    /** Version of the generation procedure; part of the cache key. */
    static final int VERSION = 1;
    public static final String CACHE_ENV = "DJLAB_CACHE_DIR";
    public static final int SIDE = 28;
    public static final List<String> HEADS = List.of("top", "bottom");

    private TwoDigitMnist() {}

    /** Image height for an overlap of {@code overlap} rows. */
    public static int height(int overlap) {
        return 2 * SIDE - overlap;
    }

    /** The row where the bottom digit starts. */
    public static int bottomStart(int overlap) {
        return SIDE - overlap;
    }

    /**
     * The training pool and the test records, from the cache when it holds them, else generated from MNIST (read
     * from {@code mnistFolder}, or through DJL's download when empty) and cached.
     */
    public static RawImages[] read(Optional<Path> mnistFolder, DataSpec.TwoDigit params, NDManager manager) {
        Path dir = cacheDir().resolve("two-digit-mnist").resolve(key(mnistFolder, params));
        RawImages[] cached = readCache(dir, params);
        if (cached != null) return cached;
        RawImages[] source = Splits.read(DataSetKind.MNIST, mnistFolder, manager);
        RawImages[] generated = generate(source[0], source[1], params);
        writeCache(dir, generated, params);
        return generated;
    }

    /** The training pool (from {@code mnistTrain}) and the test records (from {@code mnistTest}). */
    public static RawImages[] generate(RawImages mnistTrain, RawImages mnistTest, DataSpec.TwoDigit params) {
        long seed = params.seed();
        return new RawImages[] {
            compose(mnistTrain, params.train(), params.overlap(), new Random(seed * 2)),
            compose(mnistTest, params.test(), params.overlap(), new Random(seed * 2 + 1))
        };
    }

    /** {@code count} images, each pairing two digits drawn uniformly (with replacement) from {@code source}. */
    static RawImages compose(RawImages source, int count, int overlap, Random random) {
        int height = height(overlap);
        int size = height * SIDE;
        byte[] pixels = new byte[count * size];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int top = random.nextInt(source.count());
            int bottom = random.nextInt(source.count());
            place(source.pixels(), top, pixels, i * size, 0);
            place(source.pixels(), bottom, pixels, i * size, bottomStart(overlap));
            labels[i] = (byte) (10 * source.labels()[top] + source.labels()[bottom]);
        }
        return new RawImages(count, new long[] {1, height, SIDE}, pixels, labels);
    }

    /** Draws source digit {@code index} into the image at {@code offset}, from row {@code row}, keeping the maximum. */
    private static void place(byte[] source, int index, byte[] image, int offset, int row) {
        int from = index * SIDE * SIDE;
        int to = offset + row * SIDE;
        for (int p = 0; p < SIDE * SIDE; p++) {
            int s = source[from + p] & 0xff;
            if (s > (image[to + p] & 0xff)) image[to + p] = (byte) s;
        }
    }

    /** The top digit's label from a combined label. */
    public static int top(int combined) {
        return combined / 10;
    }

    public static int bottom(int combined) {
        return combined % 10;
    }

    /** {@code $DJLAB_CACHE_DIR}, else {@code ~/.djlab/cache}. */
    public static Path cacheDir() {
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) return Path.of(env);
        String property = System.getProperty("djlab.cache.dir");
        if (property != null && !property.isBlank()) return Path.of(property);
        return Path.of(System.getProperty("user.home"), ".djlab", "cache");
    }

    /** The generation parameters and the identity of the source files, hashed. */
    static String key(Optional<Path> mnistFolder, DataSpec.TwoDigit params) {
        StringBuilder text = new StringBuilder("two-digit-mnist v" + VERSION + " train=" + params.train() + " test="
                + params.test() + " overlap=" + params.overlap() + " seed=" + params.seed());
        if (mnistFolder.isPresent()) {
            for (String name : DataSetKind.FILES) {
                Path file = DataLocator.find(mnistFolder.get(), name);
                if (file == null) continue;
                try {
                    text.append(' ').append(file.toAbsolutePath().normalize()).append(':').append(Files.size(file))
                            .append(':').append(Files.getLastModifiedTime(file).toMillis());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        } else {
            text.append(" djl-download");
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return "o" + params.overlap() + "-s" + params.seed() + "-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx2-ubyte",
        "test-images-idx3-ubyte", "test-labels-idx2-ubyte"};

    /** The cached records, or null when the cache does not hold them whole. */
    static RawImages[] readCache(Path dir, DataSpec.TwoDigit params) {
        for (String name : FILES) {
            if (!Files.isRegularFile(dir.resolve(name))) return null;
        }
        try {
            List<RawImages> splits = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                IdxFile images = IdxFile.read(dir.resolve(FILES[2 * s]));
                IdxFile labels = IdxFile.read(dir.resolve(FILES[2 * s + 1]));
                int expected = s == 0 ? params.train() : params.test();
                int[] d = images.dimensions();
                if (d.length != 3 || d[0] != expected || d[1] != height(params.overlap()) || d[2] != SIDE
                        || labels.dimensions().length != 2 || labels.count() != expected) {
                    return null;
                }
                byte[] combined = new byte[expected];
                for (int i = 0; i < expected; i++) {
                    combined[i] = (byte) (10 * labels.data()[2 * i] + labels.data()[2 * i + 1]);
                }
                splits.add(new RawImages(expected, new long[] {1, d[1], d[2]}, images.data(), combined));
            }
            return splits.toArray(RawImages[]::new);
        } catch (DataException e) {
            return null;
        }
    }

    /**
     * Writes the records as IDX files (images N x H x W, labels N x 2: top, bottom) into a fresh folder and renames
     * it into place, so a reader never sees half a cache. A cache that cannot be written is not an error.
     */
    static void writeCache(Path dir, RawImages[] splits, DataSpec.TwoDigit params) {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId());
        try {
            Files.createDirectories(tmp);
            for (int s = 0; s < 2; s++) {
                RawImages r = splits[s];
                write(tmp.resolve(FILES[2 * s]), new int[] {r.count(), (int) r.imageShape()[1], (int) r.imageShape()[2]},
                        r.pixels());
                byte[] pairs = new byte[2 * r.count()];
                for (int i = 0; i < r.count(); i++) {
                    pairs[2 * i] = (byte) top(r.labels()[i]);
                    pairs[2 * i + 1] = (byte) bottom(r.labels()[i]);
                }
                write(tmp.resolve(FILES[2 * s + 1]), new int[] {r.count(), 2}, pairs);
            }
            Files.writeString(tmp.resolve("README.txt"), "two-digit MNIST generated by DJLab (generator v" + VERSION
                    + "): train=" + params.train() + " test=" + params.test() + " overlap=" + params.overlap()
                    + " seed=" + params.seed() + "\nimages N x " + height(params.overlap()) + " x " + SIDE
                    + ", labels N x 2 (top digit, bottom digit)\n");
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir);
            }
        } catch (IOException e) {
            // Another process got there first, or the cache is not writable: the records are in memory anyway.
            deleteQuietly(tmp);
        }
    }

    private static void write(Path file, int[] dims, byte[] data) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) out.writeInt(d);
            out.write(data);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // nothing to clean up
        }
    }
}
