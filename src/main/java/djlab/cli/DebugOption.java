package djlab.cli;

import picocli.CommandLine.Option;

/** {@code --debug}, declared once and mixed into every command; {@link Main} looks for it when a command fails. */
final class DebugOption {

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;
}
