package djlab.report;

import djlab.spec.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The studies of {@code experiments/} (each folder with a {@code claims.yaml}) as {@code djlab reproduce} finds them:
 * which claims files a list of study names means, the spec each of a study's sweeps is run from, and the build and
 * machine a regenerated block states.
 */
public final class Studies {

    private Studies() {}

    /** The claims files of {@code studies} (ids such as 001, folder names, or {@code all}), in folder order. */
    public static List<Path> claimsFiles(Path experiments, List<String> studies) {
        if (!Files.isDirectory(experiments)) {
            throw new BadInputException(null, "STUDY", "expected the experiments/ folder here (run from the project root)");
        }
        List<Path> all;
        try (Stream<Path> folders = Files.list(experiments)) {
            all = folders.map(f -> f.resolve("claims.yaml")).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (studies.contains("all")) return all;
        List<Path> chosen = new ArrayList<>();
        for (String study : studies) {
            Path found = all.stream().filter(f -> f.getParent().getFileName().toString().equals(study)
                    || study.equals(Reproductions.id(f))).findFirst().orElse(null);
            if (found == null) {
                List<String> known = new ArrayList<>();
                for (Path f : all) known.add(Reproductions.id(f) + " (" + f.getParent().getFileName() + ")");
                throw new BadInputException(null, "STUDY", "expected all or one of " + String.join(", ", known) + ", got " + study);
            }
            chosen.add(found);
        }
        return chosen;
    }

    /** Where a budget's runs go: the results root for the specs as shipped, else {@code <results>/budget-<NAME>/}. */
    public static Path resultsRoot(Path results, String budget) {
        return budget.equals("shipped") ? results : results.resolve("budget-" + budget);
    }

    /**
     * Replaces the studies' generated blocks in {@code doc} (appending those it lacks; the prose around them kept)
     * with blocks made from the results under {@code root}; the file is replaced by a rename, never half written.
     */
    public static void regenerate(Path doc, List<Path> claims, Path root, String budget) throws IOException {
        String text = Files.isRegularFile(doc) ? Files.readString(doc) : "";
        Reproductions.Build build = build();
        for (Path file : claims) {
            text = Reproductions.splice(text, Reproductions.blockId(Reproductions.id(file), budget),
                    Reproductions.block(file, root, budget, build));
        }
        Path parent = doc.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(doc.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, doc, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The spec in the study's folder whose name is the sweep's. */
    public static Path spec(Path claims, String sweep) {
        try (Stream<Path> files = Files.list(claims.getParent())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (Files.readAllLines(f).stream().anyMatch(l -> l.trim().equals("name: " + sweep))) return f;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new BadInputException(claims.toString(), "sweeps." + sweep, "expected a spec named " + sweep + " beside it");
    }

    /** This build (its commit, from git where the project is a checkout) and this machine. */
    public static Reproductions.Build build() {
        return new Reproductions.Build(commit(), machine());
    }

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
