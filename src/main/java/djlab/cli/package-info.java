/**
 * The {@code djlab} command line (picocli, one class per subcommand): thin clients of the packages on the data path;
 * bad input is one line and exit code 2.
 */
package djlab.cli;
