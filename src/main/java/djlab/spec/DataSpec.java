package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which data set, where its files are, how much of it to use, and how images are prepared.
 *
 * <p>Fields added after the first release ({@code image}, {@code test_split}, {@code normalize}, {@code augment})
 * stay absent when not given, so the run-ids of earlier specs do not change.
 *
 * @param validation a fraction in [0, 1) of the training records, or a whole count of records when 1 or more
 * @param image the image size and channels, for {@code image-folder} (images are resized to it)
 * @param testSplit for an {@code image-folder} without {@code train/} and {@code test/} sub-folders: the fraction of
 *     images held out as the test set, chosen by seed
 * @param normalize per-channel mean and standard deviation subtracted and divided, on every split
 * @param augment random transformations of the training batches (never validation or test)
 * @param args the arguments of a data set from a plug-in ({@link djlab.plugin.DataProvider}), passed to it as they
 *     are (keys sorted); absent for the built-in data sets
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSpec(String dataset, String dir, Double validation, Limit limit, Image image, Double testSplit,
        Normalize normalize, Augment augment, TwoDigit twoDigit, Map<String, Object> args) {

    public DataSpec {
        if (args != null) args = new TreeMap<>(args);
        if (dataset == null) dataset = "mnist";
        if (validation == null) validation = 0.1;
        if (limit == null) limit = new Limit(null, null);
        if ("image-folder".equals(dataset)) {
            if (image == null) image = new Image(null, null, null);
        }
        if (normalize != null) normalize = normalize.standardFor(dataset);
        if (augment != null && augment.isOff()) augment = null;
        if ("two-digit-mnist".equals(dataset) && twoDigit == null) twoDigit = new TwoDigit(null, null, null, null);
    }

    public DataSpec(String dataset, String dir, Double validation, Limit limit, Image image, Double testSplit,
            Normalize normalize, Augment augment) {
        this(dataset, dir, validation, limit, image, testSplit, normalize, augment, null);
    }

    public DataSpec(String dataset, String dir, Double validation, Limit limit, Image image, Double testSplit,
            Normalize normalize, Augment augment, TwoDigit twoDigit) {
        this(dataset, dir, validation, limit, image, testSplit, normalize, augment, twoDigit, null);
    }

    public DataSpec(String dataset, String dir, Double validation, Limit limit) {
        this(dataset, dir, validation, limit, null, null, null, null);
    }

    public DataSpec withDir(String newDir) {
        return new DataSpec(dataset, newDir, validation, limit, image, testSplit, normalize, augment, twoDigit, args);
    }

    /**
     * How {@code two-digit-mnist} is generated from MNIST (the two-digit report's values by default): {@code train}
     * records from MNIST's training split (of which {@code data.validation} is held out: 36,000 + 4,000 with the
     * default 0.1), {@code test} records from MNIST's test split, the bottom digit's rows overlapping the top digit's
     * by {@code overlap} rows (images are {@code 56 - overlap} x 28), pairs of digits drawn by {@code seed}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TwoDigit(Integer train, Integer test, Integer overlap, Long seed) {
        public TwoDigit {
            if (train == null) train = 40_000;
            if (test == null) test = 4_000;
            if (overlap == null) overlap = 14;
            if (seed == null) seed = 0L;
        }
    }

    /** Records taken from the start of each file, for quick runs; null means all of them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limit(Integer train, Integer test) {}

    /** Size every image is resized to, and its channels (1 grey, 3 colour). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(Integer channels, Integer height, Integer width) {
        public Image {
            if (channels == null) channels = 3;
            if (height == null) height = width == null ? 32 : width;
            if (width == null) width = height;
        }
    }

    /**
     * {@code (x - mean) / std} per channel, after scaling to [0, 1]. Without {@code mean} and {@code std} (written
     * {@code normalize: {}}) the data set's usual values are filled in.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Normalize(List<Double> mean, List<Double> std) {

        /** The usual values (over the training set) of the data sets that have them: their kind's. */
        public static List<List<Double>> standard(String dataset) {
            return djlab.data.DataSetKind.builtInOrPlugin(dataset).usualNormalize();
        }

        Normalize standardFor(String dataset) {
            List<List<Double>> usual = standard(dataset);
            if (usual == null) return this;
            return new Normalize(mean == null ? usual.get(0) : mean, std == null ? usual.get(1) : std);
        }
    }

    /**
     * Random transformations drawn per training image from uniform distributions, reproducible by seed.
     *
     * @param shift largest shift in pixels (whole pixels, each axis drawn from -shift..shift)
     * @param rotate largest rotation in degrees (drawn from [-rotate, rotate])
     * @param zoom largest relative change of scale (drawn from [1 - zoom, 1 + zoom])
     * @param flip none | horizontal | vertical | both: each applicable flip with probability 1/2
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Augment(Integer shift, Double rotate, Double zoom, String flip) {
        public Augment {
            if (shift == null) shift = 0;
            if (rotate == null) rotate = 0.0;
            if (zoom == null) zoom = 0.0;
            if (flip == null) flip = "none";
        }

        boolean isOff() {
            return shift == 0 && rotate == 0 && zoom == 0 && flip.equals("none");
        }
    }
}
