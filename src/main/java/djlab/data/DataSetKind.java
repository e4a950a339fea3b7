package djlab.data;

import ai.djl.basicdataset.cv.classification.Cifar10;
import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.basicdataset.cv.classification.Mnist;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import java.util.List;

/** The data sets a spec can name, with what DJLab needs to know about each. */
public enum DataSetKind {
    MNIST("mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
    FASHION_MNIST("fashion-mnist", List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")),
    /** CIFAR-10 in its binary form ({@code data_batch_1.bin} .. {@code _5.bin}, {@code test_batch.bin}). */
    CIFAR10("cifar10", List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")),
    /** A folder of class sub-folders of images: classes and image size come from the folder and the spec. */
    IMAGE_FOLDER("image-folder", List.of()),
    /**
     * Two MNIST digits stacked with overlapping rows, generated from MNIST ({@link TwoDigitMnist}): two heads, the
     * top digit and the bottom digit, each over the ten digits.
     */
    TWO_DIGIT_MNIST("two-digit-mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
    /**
     * A data set from a plug-in ({@link djlab.plugin.DataProvider}), named in the spec: its classes and image shape
     * come from the provider and are in the run's plan.
     */
    PLUGIN("plugin", List.of());

    /** The standard file names inside a data set's folder (gzipped or not). */
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private final String specName;
    private final List<String> classNames;

    DataSetKind(String specName, List<String> classNames) {
        this.specName = specName;
        this.classNames = classNames;
    }

    public static DataSetKind of(String specName) {
        for (DataSetKind kind : values()) {
            if (kind.specName.equals(specName)) return kind;
        }
        throw new IllegalArgumentException("unknown data set " + specName);
    }

    /** Also the folder name under a data root ({@code --data-dir}, {@code DJLAB_DATA_DIR}). */
    public String specName() {
        return specName;
    }

    public List<String> classNames() {
        return classNames;
    }

    public int classes() {
        return classNames.size();
    }

    /** The shape of one image; an image folder's comes from its spec ({@code data.image}), see RunPlan. */
    public long[] imageShape() {
        return switch (this) {
            case MNIST, FASHION_MNIST -> new long[] {1, 28, 28};
            case CIFAR10 -> new long[] {3, 32, 32};
            case IMAGE_FOLDER -> throw new IllegalStateException("an image folder's image shape is in its spec");
            case TWO_DIGIT_MNIST -> new long[] {1, TwoDigitMnist.height(14), TwoDigitMnist.SIDE};
            case PLUGIN -> throw new IllegalStateException("a plug-in's image shape is in the run's plan");
        };
    }

    /** The shape of one image as the spec makes it (an image folder's size, two-digit MNIST's overlap). */
    public long[] imageShape(djlab.spec.DataSpec data) {
        if (this == IMAGE_FOLDER) {
            return new long[] {data.image().channels(), data.image().height(), data.image().width()};
        }
        if (this == TWO_DIGIT_MNIST && data.twoDigit() != null) {
            return new long[] {1, TwoDigitMnist.height(data.twoDigit().overlap()), TwoDigitMnist.SIDE};
        }
        return imageShape();
    }

    /** Outputs the network ends in, each a classifier over {@link #classNames()}: 2 for two-digit MNIST, else 1. */
    public int heads() {
        return this == TWO_DIGIT_MNIST ? 2 : 1;
    }

    /** The heads' names, used in metric and column names ({@code test_top_accuracy}); empty for one head. */
    public List<String> headNames() {
        return this == TWO_DIGIT_MNIST ? TwoDigitMnist.HEADS : List.of();
    }

    /** Whether the data set is read from IDX files (MNIST and Fashion-MNIST). */
    boolean idx() {
        return this == MNIST || this == FASHION_MNIST;
    }

    /** DJL's own data set, which downloads the files on first use: the path when no local folder is given. */
    ArrayDataset downloading(Dataset.Usage usage, NDManager manager) {
        return switch (this) {
            case MNIST -> Mnist.builder().optUsage(usage).optManager(manager).setSampling(70_000, false).build();
            case FASHION_MNIST -> FashionMnist.builder().optUsage(usage).optManager(manager).setSampling(70_000, false).build();
            case CIFAR10 -> Cifar10.builder().optUsage(usage).optManager(manager).setSampling(60_000, false).build();
            case IMAGE_FOLDER -> throw new IllegalStateException("an image folder cannot be downloaded");
            case TWO_DIGIT_MNIST -> throw new IllegalStateException("two-digit MNIST is generated from MNIST");
            case PLUGIN -> throw new IllegalStateException("a plug-in's data comes from its provider");
        };
    }
}
