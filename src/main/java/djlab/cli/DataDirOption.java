package djlab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}, declared once for every command that reads a data set. */
final class DataDirOption {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder holding one folder per data set (mnist/, fashion-mnist/), or a data set's files. "
                    + "Default: $DJLAB_DATA_DIR, else DJL's download.")
    Path dataDir;
}
