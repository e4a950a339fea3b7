package djlab.plugin;

import java.util.Map;

/**
 * A data set DJLab can train on, named in a spec as {@code data: {dataset: NAME, args: {...}}}. It returns the
 * training and test images with their labels and the class names ({@link ProvidedData}; a DJL dataset's records
 * with {@link ProvidedData#images(ai.djl.training.dataset.RandomAccessDataset, ai.djl.ndarray.NDManager)}); DJLab
 * then applies the spec's {@code data.limit}, holds out {@code data.validation}, normalises, augments the training
 * batches and draws the report's pictures exactly as for MNIST.
 *
 * <p>Found like {@link ModelProvider}: {@code META-INF/services/djlab.plugin.DataProvider} in a jar on the class
 * path, {@code --plugins} or {@code DJLAB_PLUGINS}; a public no-argument constructor.
 */
public interface DataProvider {

    /** The name a spec uses in {@code data.dataset}: letters, digits, '.', '_' or '-'. */
    String name();

    /**
     * The data set's records. Called once per distinct arguments and seed in a JVM (the result is cached), before
     * the run folder is written, so a problem here leaves nothing behind.
     *
     * @param args the spec's {@code data.args} (YAML values), empty when the spec gives none; throw
     *     {@link IllegalArgumentException} with a one-line message for a bad one
     * @param context the run's seed and the data folder given on the command line, if any
     */
    ProvidedData load(Map<String, Object> args, DataContext context) throws Exception;
}
