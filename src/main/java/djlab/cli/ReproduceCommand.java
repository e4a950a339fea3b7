package djlab.cli;

import djlab.report.Reproductions;
import djlab.report.Studies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Run a study's sweeps (or all studies') at a named budget, then regenerate the study's tables in "
                + "docs/reproductions.md from the results and the study's claims.yaml: each published number beside "
                + "DJLab's, with the build, threads and machine. Completed runs are skipped, as by sweep.")
final class ReproduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DebugOption debug;

    @Parameters(paramLabel = "STUDY", arity = "1..*",
            description = "A study: its id in claims.yaml (001) or its folder in experiments/ (mlp-vs-cnn-batchnorm); "
                    + "or all.")
    List<String> studies;

    @Option(names = "--budget", paramLabel = "NAME", defaultValue = "shipped",
            description = "A budget the claims file names (e.g. full), or shipped: the specs as they are (default). "
                    + "Runs of a named budget go to <results>/budget-<NAME>/.")
    String budget;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results", description = "Results root (default: results).")
    Path results;

    @Mixin
    DataDirOption data;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1", converter = Values.AtLeastOne.class, description = "Runs at once, as for sweep.")
    int parallel;

    @Option(names = "--doc", paramLabel = "FILE", defaultValue = "docs/reproductions.md",
            description = "The document whose generated blocks are replaced (default: docs/reproductions.md).")
    Path doc;

    @Option(names = "--tables-only", description = "Train nothing: regenerate the tables from the results there are.")
    boolean tablesOnly;

    @Option(names = "--sweep", paramLabel = "NAME",
            description = "Train only this sweep of the study (repeatable): a part of a long study at a time. The "
                    + "tables still cover every sweep, from the results there are.")
    List<String> only = new ArrayList<>();

    @Option(names = "--experiments", paramLabel = "DIR", defaultValue = "experiments", hidden = true)
    Path experiments;

    @Override
    public Integer call() throws IOException {
        List<Path> claims = Studies.claimsFiles(experiments, studies);
        // Check every study's budget before anything trains: a typo is bad input, not an hour lost.
        for (Path file : claims) {
            for (String sweep : Reproductions.sweeps(file)) Reproductions.overrides(file, budget, sweep);
        }
        List<String> known = claims.stream().flatMap(f -> Reproductions.sweeps(f).stream()).toList();
        for (String name : only) {
            if (!known.contains(name)) {
                throw new djlab.spec.BadInputException(null, "--sweep", "expected one of the study's sweeps "
                        + known + ", got " + name);
            }
        }
        Path root = Studies.resultsRoot(results, budget);
        int exit = 0;
        if (!tablesOnly) {
            for (Path file : claims) {
                for (String sweep : Reproductions.sweeps(file)) {
                    if (!only.isEmpty() && !only.contains(sweep)) continue;
                    List<String> args = new ArrayList<>(List.of("sweep", Studies.spec(file, sweep).toString(), "--results",
                            root.toString(), "--parallel", String.valueOf(parallel)));
                    if (data.dataDir != null) args.addAll(List.of("--data-dir", data.dataDir.toString()));
                    for (String set : Reproductions.overrides(file, budget, sweep)) args.addAll(List.of("--set", set));
                    // The sweep as djlab sweep runs it, its output into this command's.
                    picocli.CommandLine sweepCli = Main.commandLine();
                    sweepCli.setOut(out());
                    sweepCli.setErr(spec.commandLine().getErr());
                    int code = sweepCli.execute(args.toArray(String[]::new));
                    if (code == Main.BAD_INPUT) return code;
                    exit = Math.max(exit, code);
                }
            }
        }
        Studies.regenerate(doc, claims, root, budget);
        out().println("regenerated " + claims.size() + " stud" + (claims.size() == 1 ? "y" : "ies") + " in " + doc
                + " from " + root);
        return exit;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
