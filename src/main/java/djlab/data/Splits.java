package djlab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import djlab.spec.DataSpec;
import djlab.spec.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The train, validation and test records of one run, read once and kept whole on the training device, so batches
 * are slices of resident tensors rather than copies from Java memory.
 */
public record Splits(DataSetKind kind, Images train, Images validate, Images test) implements AutoCloseable {

    /** Images (N x C x H x W, float32 in [0, 1]) and labels (N, float32), on one device. */
    public record Images(NDArray images, NDArray labels) {
        public int size() {
            return (int) labels.size();
        }
    }

    /**
     * The records of a data set as bytes, from a local folder or through DJL's download. CIFAR-10 reads only the
     * records {@code data.limit} keeps (each goes through DJL's per-record transform); an image folder needs the
     * spec's image size and, without train/ and test/, its test split.
     */
    public static RawImages[] read(DataSetKind kind, Optional<Path> folder, DataSpec data, long seed, NDManager manager) {
        if (kind == DataSetKind.CIFAR10 && folder.isPresent()) {
            return new RawImages[] {
                CifarFolder.read(folder.get(), Dataset.Usage.TRAIN, data.limit().train(), manager),
                CifarFolder.read(folder.get(), Dataset.Usage.TEST, data.limit().test(), manager)
            };
        }
        if (kind == DataSetKind.TWO_DIGIT_MNIST) {
            return TwoDigitMnist.read(folder, data.twoDigit(), manager);
        }
        if (kind == DataSetKind.IMAGE_FOLDER) {
            return ImageFolders.read(folder.orElseThrow(() -> new IllegalStateException("an image folder needs data.dir")),
                    data, seed, manager);
        }
        return read(kind, folder, manager);
    }

    /** The records of a data set as bytes, from a local folder or through DJL's download. */
    public static RawImages[] read(DataSetKind kind, Optional<Path> folder, NDManager manager) {
        if (kind == DataSetKind.IMAGE_FOLDER || kind == DataSetKind.TWO_DIGIT_MNIST) {
            throw new IllegalStateException("reading " + kind.specName() + " needs its spec: read(kind, folder, data, seed, manager)");
        }
        if (kind == DataSetKind.CIFAR10 && folder.isPresent()) {
            return new RawImages[] {
                CifarFolder.read(folder.get(), Dataset.Usage.TRAIN, null, manager),
                CifarFolder.read(folder.get(), Dataset.Usage.TEST, null, manager)
            };
        }
        if (folder.isPresent()) {
            Path dir = folder.get();
            return RawCache.get(kind, dir, () -> new RawImages[] {
                fromFiles(dir, DataSetKind.TRAIN_IMAGES, DataSetKind.TRAIN_LABELS, kind),
                fromFiles(dir, DataSetKind.TEST_IMAGES, DataSetKind.TEST_LABELS, kind)
            });
        }
        return new RawImages[] {download(kind, Dataset.Usage.TRAIN, manager), download(kind, Dataset.Usage.TEST, manager)};
    }

    static RawImages fromFiles(Path dir, String imagesName, String labelsName, DataSetKind kind) {
        IdxFile images = IdxFile.read(DataLocator.find(dir, imagesName));
        IdxFile labels = IdxFile.read(DataLocator.find(dir, labelsName));
        long[] shape = kind.imageShape();
        if (images.dimensions().length != 3 || images.dimensions()[1] != shape[1] || images.dimensions()[2] != shape[2]) {
            throw new DataException(DataLocator.find(dir, imagesName) + ": expected " + shape[1] + "x" + shape[2]
                    + " images, got dimensions " + Arrays.toString(images.dimensions()));
        }
        if (labels.dimensions().length != 1 || labels.count() != images.count()) {
            throw new DataException(DataLocator.find(dir, labelsName) + ": expected " + images.count()
                    + " labels (one per image), got dimensions " + Arrays.toString(labels.dimensions()));
        }
        for (byte label : labels.data()) {
            if ((label & 0xff) >= kind.classes()) {
                throw new DataException(DataLocator.find(dir, labelsName) + ": expected labels 0.." + (kind.classes() - 1)
                        + ", found " + (label & 0xff));
            }
        }
        return new RawImages(images.count(), shape, images.data(), labels.data());
    }

    /** DJL's Mnist/FashionMnist (downloading on first use), turned into bytes like the local files. */
    static RawImages download(DataSetKind kind, Dataset.Usage usage, NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            ArrayDataset dataset = kind.downloading(usage, scratch);
            dataset.prepare();
            Batch all = dataset.getData(scratch).iterator().next();
            NDArray images = all.getData().head().mul(255).round().toType(DataType.UINT8, false);
            NDArray labels = all.getLabels().head().toType(DataType.UINT8, false);
            int n = (int) labels.size();
            return new RawImages(n, kind.imageShape(), images.toByteArray(), labels.toByteArray());
        } catch (IOException | ai.djl.translate.TranslateException e) {
            throw new DataException("cannot download " + kind.specName() + " through DJL (" + e.getMessage()
                    + "); offline, point --data-dir or " + DataLocator.ENV + " at a folder holding it");
        }
    }

    /**
     * Applies {@code limit} and carves the validation records out of the training records, chosen by {@code seed}.
     */
    public static Splits of(String specFile, DataSetKind kind, RawImages[] raw, DataSpec data, long seed, NDManager manager) {
        RawImages trainAll = raw[0].first(data.limit().train());
        RawImages test = raw[1].first(data.limit().test());
        int n = trainAll.count();
        int validation = data.validation() < 1 ? (int) Math.round(data.validation() * n) : data.validation().intValue();
        if (validation >= n) {
            throw new BadInputException(specFile, "data.validation", "expected fewer than the " + n
                    + " training records, got " + validation);
        }
        int[] order = IntStream.range(0, n).toArray();
        shuffle(order, new Random(seed));
        int[] validateIdx = Arrays.copyOfRange(order, 0, validation);
        int[] trainIdx = Arrays.copyOfRange(order, validation, n);
        // Keep the file's order inside each split; only membership is random.
        Arrays.sort(validateIdx);
        Arrays.sort(trainIdx);
        Splits splits = new Splits(kind,
                toDevice(trainAll.select(trainIdx), manager),
                validation == 0 ? null : toDevice(trainAll.select(validateIdx), manager),
                toDevice(test, manager));
        if (data.normalize() != null) {
            for (Images images : new Images[] {splits.train, splits.validate, splits.test}) {
                if (images != null) normalize(images.images(), data.normalize());
            }
        }
        return splits;
    }

    /**
     * {@code (x - mean) / std} per channel, in place, on images N x C x H x W scaled to [0, 1]; a single mean or std
     * applies to every channel.
     */
    public static NDArray normalize(NDArray images, DataSpec.Normalize normalize) {
        long channels = images.getShape().get(1);
        try (NDManager scratch = images.getManager().newSubManager()) {
            NDArray mean = perChannel(scratch, normalize.mean(), channels).toDevice(images.getDevice(), false);
            NDArray std = perChannel(scratch, normalize.std(), channels).toDevice(images.getDevice(), false);
            return images.subi(mean).divi(std);
        }
    }

    private static NDArray perChannel(NDManager manager, java.util.List<Double> values, long channels) {
        float[] v = new float[(int) channels];
        for (int c = 0; c < channels; c++) v[c] = values.get(values.size() == 1 ? 0 : c).floatValue();
        return manager.create(v, new Shape(1, channels, 1, 1));
    }

    /** Fisher-Yates with the given generator: the same seed, the same order, on every machine. */
    public static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static Images toDevice(RawImages raw, NDManager manager) {
        long[] shape = new long[raw.imageShape().length + 1];
        shape[0] = raw.count();
        System.arraycopy(raw.imageShape(), 0, shape, 1, raw.imageShape().length);
        try (NDManager scratch = manager.newSubManager()) {
            NDArray bytes = scratch.create(ByteBuffer.wrap(raw.pixels()), new Shape(shape), DataType.UINT8);
            NDArray images = bytes.toType(DataType.FLOAT32, false).divi(255f);
            NDArray labels = scratch.create(ByteBuffer.wrap(raw.labels()), new Shape(raw.count()), DataType.UINT8)
                    .toType(DataType.FLOAT32, false);
            images.attach(manager);
            labels.attach(manager);
            return new Images(images, labels);
        }
    }

    /** The training split's labels as bytes (for balanced class weights). */
    public byte[] trainLabels() {
        try (NDArray bytes = train.labels().toType(DataType.UINT8, false)) {
            return bytes.toByteArray();
        }
    }

    public Shape inputShape(int batch) {
        long[] image = kind.imageShape();
        return new Shape(batch, image[0], image[1], image[2]);
    }

    @Override
    public void close() {
        for (Images images : new Images[] {train, validate, test}) {
            if (images != null) {
                images.images().close();
                images.labels().close();
            }
        }
    }
}
