package djlab.data;

import ai.djl.basicdataset.cv.classification.Cifar10;
import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.basicdataset.cv.classification.Mnist;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import djlab.spec.Checks;
import djlab.spec.DataSpec;
import djlab.spec.TrainSpec;
import java.util.Arrays;
import java.util.List;

/**
 * The built-in data sets a spec can name, with what DJLab needs to know about each: name, classes, image shape, the
 * checks of its own fields, its usual normalisation, whether flips suit it, and DJL's download. Reading its files is
 * {@link Splits#read} (where they are: {@link DataLocator}); {@code djlab.plugin.Plugins} registers each as a
 * provider, so the spec's allowed names follow.
 */
public enum DataSetKind {
    MNIST("mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), usual(List.of(0.1307), List.of(0.3081)),
            false),
    FASHION_MNIST("fashion-mnist", List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            usual(List.of(0.2860), List.of(0.3530)), true),
    /** CIFAR-10 in its binary form ({@code data_batch_1.bin} .. {@code _5.bin}, {@code test_batch.bin}). */
    CIFAR10("cifar10", List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
            usual(List.of(0.4914, 0.4822, 0.4465), List.of(0.2470, 0.2435, 0.2616)), true),
    /** A folder of class sub-folders of images: classes and image size come from the folder and the spec. */
    IMAGE_FOLDER("image-folder", List.of(), null, true) {
        @Override
        public void check(DataSpec data, Checks checks) {
            if (data.dir() == null) {
                checks.fail("data.dir", "required for image-folder: a folder of class sub-folders of images (or of "
                        + "train/ and test/ folders holding them), got nothing");
            }
            DataSpec.Image image = data.image();
            if (image.channels() != 1 && image.channels() != 3) {
                checks.fail("data.image.channels", "expected 1 (grey) or 3 (colour), got " + image.channels());
            }
            checks.between("data.image.height", image.height(), 1, 4096);
            checks.between("data.image.width", image.width(), 1, 4096);
            if (data.testSplit() != null && !(data.testSplit() > 0 && data.testSplit() < 1)) {
                checks.fail("data.test_split", "expected a fraction in (0, 1), got "
                        + djlab.spec.SpecValidator.plain(data.testSplit()));
            }
            noTwoDigit(data, checks);
        }
    },
    /**
     * Two MNIST digits stacked with overlapping rows, generated from MNIST ({@link TwoDigitMnist}): two heads, the
     * top digit and the bottom digit, each over the ten digits.
     */
    TWO_DIGIT_MNIST("two-digit-mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            usual(List.of(0.1307), List.of(0.3081)), false) {
        @Override
        public void check(DataSpec data, Checks checks) {
            fixedImages(data, checks);
            DataSpec.TwoDigit t = data.twoDigit();
            if (t == null) return;
            checks.between("data.two_digit.train", t.train(), 1, 10_000_000);
            checks.between("data.two_digit.test", t.test(), 1, 10_000_000);
            checks.between("data.two_digit.overlap", t.overlap(), 0, 27);
            checks.atLeast("data.two_digit.seed", t.seed(), 0);
        }

        /** Two output heads: balanced weights and the extra metrics are defined for one label per image. */
        @Override
        public void checkTraining(DataSpec data, TrainSpec train, Checks checks) {
            TrainSpec.LossSpec loss = train.loss();
            if (loss != null && loss.type().equals("weighted_cross_entropy") && loss.weights() == null) {
                checks.fail("train.loss.weights", "two-digit-mnist has two labels per image: give the weights (one per "
                        + "digit, used by both heads) rather than balanced ones");
            }
            if (train.metrics() != null && (train.metrics().topK() != null
                    || Boolean.TRUE.equals(train.metrics().perClass()))) {
                checks.fail("train.metrics", "top_k and per_class apply to data sets with one output head; "
                        + "two-digit-mnist records each head's accuracy and both digits right already");
            }
        }
    },
    /**
     * A data set from a plug-in ({@link djlab.plugin.DataProvider}), named in the spec: its classes and image shape
     * come from the provider and are in the run's plan.
     */
    PLUGIN("plugin", List.of(), null, true);

    /** The standard file names inside a data set's folder (gzipped or not). */
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** The built-in data sets' names, in the order errors list them (plug-ins add theirs: {@code Plugins}). */
    public static final List<String> NAMES = Arrays.stream(values()).filter(k -> k != PLUGIN)
            .map(DataSetKind::specName).toList();

    private final String specName;
    private final List<String> classNames;
    private final List<List<Double>> usualNormalize;
    private final boolean flips;

    DataSetKind(String specName, List<String> classNames, List<List<Double>> usualNormalize, boolean flips) {
        this.specName = specName;
        this.classNames = classNames;
        this.usualNormalize = usualNormalize;
        this.flips = flips;
    }

    private static List<List<Double>> usual(List<Double> mean, List<Double> std) {
        return List.of(mean, std);
    }

    public static DataSetKind of(String specName) {
        for (DataSetKind kind : values()) {
            if (kind.specName.equals(specName)) return kind;
        }
        throw new IllegalArgumentException("unknown data set " + specName);
    }

    /** The built-in data set named {@code dataset}, or {@link #PLUGIN} for any other name (a plug-in's). */
    public static DataSetKind builtInOrPlugin(String dataset) {
        for (DataSetKind kind : values()) {
            if (kind != PLUGIN && kind.specName.equals(dataset)) return kind;
        }
        return PLUGIN;
    }

    /**
     * The data set's own checks of {@code data} (the validator has checked the name, the split and the limits): an
     * image folder's size and folder, two-digit MNIST's generation; the others have fixed images.
     */
    public void check(DataSpec data, Checks checks) {
        fixedImages(data, checks);
        noTwoDigit(data, checks);
    }

    /** Rules for {@code train} that depend on the data set (two-digit MNIST's heads); none for most. */
    public void checkTraining(DataSpec data, TrainSpec train, Checks checks) {}

    static void fixedImages(DataSpec data, Checks checks) {
        if (data.image() != null) {
            checks.fail("data.image", "applies to " + IMAGE_FOLDER.specName + " only; " + data.dataset()
                    + " images have a fixed size");
        }
        if (data.testSplit() != null) {
            checks.fail("data.test_split", "applies to " + IMAGE_FOLDER.specName + " only; " + data.dataset()
                    + " has its own test set");
        }
    }

    static void noTwoDigit(DataSpec data, Checks checks) {
        if (data.twoDigit() != null) {
            checks.fail("data.two_digit", "applies to " + TWO_DIGIT_MNIST.specName + " only, got data.dataset "
                    + data.dataset());
        }
    }

    /** The number of classes when fixed (10 for the digit and CIFAR sets); null when it comes from files or a plug-in. */
    public Integer fixedClasses() {
        return classNames.isEmpty() ? null : classNames.size();
    }

    /** The usual mean and standard deviation (per channel, over the training set), or null when it has none. */
    public List<List<Double>> usualNormalize() {
        return usualNormalize;
    }

    /** Whether flipping its images keeps them images of their class (not for digits). */
    public boolean flips() {
        return flips;
    }

    /** The built-in data sets whose images may be flipped. */
    public static List<String> flippable() {
        return Arrays.stream(values()).filter(k -> k.flips && k != PLUGIN).map(DataSetKind::specName).toList();
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
    public long[] imageShape(DataSpec data) {
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
