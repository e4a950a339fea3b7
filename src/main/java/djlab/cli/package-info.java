/**
 * The {@code djlab} command line (picocli, one class per subcommand): thin clients of the Java API ({@link djlab.api})
 * and, for reports, the bench and the dashboard, of their packages; output through picocli's writers; bad input is
 * one line and exit code 2.
 */
package djlab.cli;
