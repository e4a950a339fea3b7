package djlab.plugin;

import ai.djl.ndarray.NDManager;
import djlab.spec.DataSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a {@link DataProvider} may use besides its arguments.
 *
 * @param specFile the spec's file, for messages
 * @param data the spec's {@code data} section
 * @param seed the run's seed. Data that does not depend on it is better drawn from an argument of its own: the
 *     records are cached per arguments and seed, so data using it is loaded once per seed of a sweep
 * @param folder the data folder: for a plug-in, {@code --data-dir} or {@code DJLAB_DATA_DIR} as given (a root
 *     holding one folder per data set); for a built-in data set, its own located folder
 * @param manager a manager for NDArrays the provider needs while reading (results are plain Java arrays)
 */
public record DataContext(String specFile, DataSpec data, long seed, Optional<Path> folder, NDManager manager) {}
