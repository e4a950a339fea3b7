package djlab.cli;

import djlab.report.Reproductions;
import djlab.spec.SpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Run a study's sweeps (or all studies') at a named budget, then regenerate the study's tables in "
                + "docs/reproductions.md from the results and the study's claims.yaml: each published number beside "
                + "DJLab's, with the build, threads and machine. Completed runs are skipped, as by sweep.")
final class ReproduceCommand implements Callable<Integer> {

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

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the data sets are, as for sweep.")
    Path dataDir;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1", description = "Runs at once, as for sweep.")
    int parallel;

    @Option(names = "--doc", paramLabel = "FILE", defaultValue = "docs/reproductions.md",
            description = "The document whose generated blocks are replaced (default: docs/reproductions.md).")
    Path doc;

    @Option(names = "--tables-only", description = "Train nothing: regenerate the tables from the results there are.")
    boolean tablesOnly;

    @Option(names = "--experiments", paramLabel = "DIR", defaultValue = "experiments", hidden = true)
    Path experiments;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        List<Path> claims = claimsFiles();
        // Check every study's budget before anything trains: a typo is bad input, not an hour lost.
        for (Path file : claims) {
            for (String sweep : Reproductions.sweeps(file)) Reproductions.overrides(file, budget, sweep);
        }
        Path root = budget.equals("shipped") ? results : results.resolve("budget-" + budget);
        int exit = 0;
        if (!tablesOnly) {
            for (Path file : claims) {
                for (String sweep : Reproductions.sweeps(file)) {
                    List<String> args = new ArrayList<>(List.of("sweep", spec(file, sweep).toString(), "--results",
                            root.toString(), "--parallel", String.valueOf(parallel)));
                    if (dataDir != null) args.addAll(List.of("--data-dir", dataDir.toString()));
                    for (String set : Reproductions.overrides(file, budget, sweep)) args.addAll(List.of("--set", set));
                    int code = Main.commandLine().execute(args.toArray(String[]::new));
                    if (code == Main.BAD_INPUT) return code;
                    exit = Math.max(exit, code);
                }
            }
        }
        String text = Files.isRegularFile(doc) ? Files.readString(doc) : "";
        Reproductions.Build build = new Reproductions.Build(commit(), machine());
        for (Path file : claims) {
            text = Reproductions.splice(text, Reproductions.blockId(Reproductions.id(file), budget),
                    Reproductions.block(file, root, budget, build));
        }
        Path parent = doc.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(doc.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, doc, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("regenerated " + claims.size() + " stud" + (claims.size() == 1 ? "y" : "ies") + " in " + doc
                + " from " + root);
        return exit;
    }

    private List<Path> claimsFiles() throws IOException {
        List<Path> all;
        if (!Files.isDirectory(experiments)) {
            throw new SpecException(null, "STUDY", "expected the experiments/ folder here (run from the project root)");
        }
        try (Stream<Path> folders = Files.list(experiments)) {
            all = folders.map(f -> f.resolve("claims.yaml")).filter(Files::isRegularFile).sorted().toList();
        }
        if (studies.contains("all")) return all;
        List<Path> chosen = new ArrayList<>();
        for (String study : studies) {
            Path found = all.stream().filter(f -> f.getParent().getFileName().toString().equals(study)
                    || study.equals(Reproductions.id(f))).findFirst().orElse(null);
            if (found == null) {
                List<String> known = new ArrayList<>();
                for (Path f : all) known.add(Reproductions.id(f) + " (" + f.getParent().getFileName() + ")");
                throw new SpecException(null, "STUDY", "expected all or one of " + String.join(", ", known) + ", got " + study);
            }
            chosen.add(found);
        }
        return chosen;
    }

    /** The spec in the study's folder whose name is the sweep's. */
    private static Path spec(Path claims, String sweep) throws IOException {
        try (Stream<Path> files = Files.list(claims.getParent())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (Files.readAllLines(f).stream().anyMatch(l -> l.trim().equals("name: " + sweep))) return f;
            }
        }
        throw new SpecException(claims.toString(), "sweeps." + sweep, "expected a spec named " + sweep + " beside it");
    }

    /** The build's commit, from git where the project is a checkout. */
    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            boolean dirty = new ProcessBuilder("git", "diff", "--quiet", "HEAD", "--", "src").start().waitFor() != 0;
            return git.waitFor() == 0 ? out + (dirty ? " with local changes" : "") : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String machine() {
        String cpu = "";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("");
        } catch (IOException | UncheckedIOException e) {
            // Not Linux: the core count and the OS say enough.
        }
        return String.format(Locale.ROOT, "%s%d cores, %s %s", cpu.isEmpty() ? "" : cpu + ", ",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"));
    }
}
