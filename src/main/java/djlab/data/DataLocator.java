package djlab.data;

import djlab.spec.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a data set's local folder: {@code data.dir} in the spec, else {@code <root>/<dataset>/} (or the root itself)
 * under {@code --data-dir}, else under {@code DJLAB_DATA_DIR}. Empty means: let DJL download it.
 */
public final class DataLocator {

    public static final String ENV = "DJLAB_DATA_DIR";

    private DataLocator() {}

    public static Optional<Path> locate(String specFile, DataSetKind kind, String dir, Path dataDirFlag, String envValue) {
        // Two-digit MNIST is generated from MNIST's files: its folder is MNIST's.
        if (kind == DataSetKind.TWO_DIGIT_MNIST) kind = DataSetKind.MNIST;
        if (dir != null) {
            return Optional.of(checked(specFile, "data.dir", Path.of(dir), kind));
        }
        if (dataDirFlag != null) {
            return Optional.of(underRoot(null, "--data-dir", dataDirFlag, kind));
        }
        if (envValue != null && !envValue.isBlank()) {
            return Optional.of(underRoot(null, ENV, Path.of(envValue), kind));
        }
        return Optional.empty();
    }

    private static Path underRoot(String file, String field, Path root, DataSetKind kind) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(file, field, "expected a folder, " + root
                    + (Files.exists(root) ? " is a file" : " does not exist"));
        }
        Path own = root.resolve(kind.specName());
        if (Files.isDirectory(own)) {
            return checked(file, field, own, kind);
        }
        if (kind == DataSetKind.CIFAR10) {
            if (CifarFolder.holding(root) != null) return CifarFolder.holding(root);
            throw new BadInputException(file, field, "expected a folder " + own + " (or " + root + " itself) holding the "
                    + "CIFAR-10 binary files " + CifarFolder.FILES);
        }
        if (!missing(root).isEmpty()) {
            throw new BadInputException(file, field, "expected a folder " + own + " (or " + root + " itself) holding the "
                    + kind.specName() + " files " + String.join(", ", DataSetKind.FILES) + " (.gz)");
        }
        return root;
    }

    private static Path checked(String file, String field, Path folder, DataSetKind kind) {
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(file, field, "expected the " + kind.specName() + " folder, " + folder
                    + (Files.exists(folder) ? " is a file" : " does not exist"));
        }
        if (kind == DataSetKind.CIFAR10) {
            Path holding = CifarFolder.holding(folder);
            if (holding == null) {
                throw new BadInputException(file, field, "expected the CIFAR-10 binary files " + CifarFolder.FILES + " in "
                        + folder + " (or in its cifar-10-batches-bin/)");
            }
            return holding;
        }
        if (kind == DataSetKind.IMAGE_FOLDER) {
            ImageFolders.check(file, field, folder);
            return folder;
        }
        List<String> missing = missing(folder);
        if (!missing.isEmpty()) {
            throw new BadInputException(file, field, "expected the four " + kind.specName() + " IDX files in " + folder
                    + ", missing " + String.join(", ", missing) + " (.gz or uncompressed)");
        }
        return folder;
    }

    private static List<String> missing(Path folder) {
        List<String> missing = new ArrayList<>();
        for (String name : DataSetKind.FILES) {
            if (find(folder, name) == null) missing.add(name + ".gz");
        }
        return missing;
    }

    /** The file for a standard name, gzipped or not; null when neither exists. */
    static Path find(Path folder, String name) {
        Path gz = folder.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) return gz;
        Path plain = folder.resolve(name);
        return Files.isRegularFile(plain) ? plain : null;
    }
}
