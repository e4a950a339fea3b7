package djlab.report;

import djlab.spec.SpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Entry points of the report: {@code djlab report}, {@code djlab compare} and the sweep's {@code --report} all come
 * here. A report is {@code report.html} (self-contained), {@code report.md} and the PNGs in {@code report/}.
 */
public final class Reports {

    public static final String HTML = "report.html";
    public static final String MARKDOWN = "report.md";
    public static final String PICTURES = "report";

    /**
     * What was written.
     *
     * @param table the comparison table as aligned text, for a terminal
     */
    public record Written(Path html, Path markdown, Path pictures, long htmlBytes, int runs, int variants, String table) {}

    private Reports() {}

    /**
     * Writes the report of a run folder or a sweep folder into that folder.
     *
     * @param dir a run folder ({@code results/<name>/<run-id>}) or any folder holding run folders (a sweep)
     * @param dataDir where the test data is for the pictures that need it, as {@code --data-dir}; null: the
     *     {@code DJLAB_DATA_DIR} environment variable, else those pictures say the data was not found
     * @throws SpecException when {@code dir} does not exist or holds no run folder
     */
    public static Written write(Path dir, Path dataDir) {
        checkDataDir(dataDir);
        List<RunResult> runs = Results.runsUnder(dir);
        Content content = Content.build("DJLab report: " + title(dir, runs), List.of(dir),
                Results.variants(runs, null), dataDir);
        return save(content, dir);
    }

    /**
     * Puts the runs of several folders side by side in one report written into {@code out}. Variants are named
     * {@code <folder>/<variant>} when there are several folders, and the folder counts as one more field in which
     * variants differ, so the same setting in two sweeps is tested against itself.
     */
    public static Written compare(List<Path> dirs, Path out, Path dataDir) {
        if (dirs.isEmpty()) throw new SpecException(null, "DIR", "expected at least one run or sweep folder");
        checkDataDir(dataDir);
        List<Variant> variants = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Path dir : dirs) {
            List<RunResult> runs = Results.runsUnder(dir);
            String name = title(dir, runs);
            for (int i = 2; !used.add(name); i++) name = title(dir, runs) + "-" + i;
            names.add(name);
            List<Variant> found = Results.variants(runs, dirs.size() > 1 ? name : null);
            if (dirs.size() > 1 && isRunFolder(dir, runs)) {
                // A lone run folder: its name (spec@run-id) says all; "spec@id/spec" would say it twice.
                Variant only = found.get(0);
                found = List.of(new Variant(name, only.values(), only.runs()));
            }
            variants.addAll(found);
        }
        String title = "DJLab comparison: " + (names.size() <= 3 ? String.join(" vs ", names)
                : names.size() + " folders");
        return save(Content.build(title, dirs, variants, dataDir), out);
    }

    /** A data folder given by hand that is not there is a typo to report, not a reason to leave pictures out. */
    private static void checkDataDir(Path dataDir) {
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new SpecException(null, "--data-dir", "expected a folder, " + dataDir
                    + (Files.exists(dataDir) ? " is a file" : " does not exist"));
        }
    }

    /** A folder's name, or for a run folder its spec name and run-id, which say more than the id alone. */
    private static String title(Path dir, List<RunResult> runs) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        if (isRunFolder(dir, runs)) return runs.get(0).name() + "@" + runs.get(0).id();
        return name == null ? dir.toString() : name.toString();
    }

    private static boolean isRunFolder(Path dir, List<RunResult> runs) {
        return runs.size() == 1 && runs.get(0).dir().toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize());
    }

    private static Written save(Content content, Path dir) {
        try {
            Path pictures = dir.resolve(PICTURES);
            Files.createDirectories(pictures);
            clearPictures(pictures);
            for (Figure f : content.allFigures()) {
                if (f.present()) Files.write(pictures.resolve(f.file()), f.png());
            }
            Path html = dir.resolve(HTML);
            Path markdown = dir.resolve(MARKDOWN);
            Files.writeString(html, HtmlWriter.render(content));
            Files.writeString(markdown, MarkdownWriter.render(content, PICTURES));
            return new Written(html, markdown, pictures, Files.size(html), content.runs().size(),
                    content.variants().size(), content.comparison().plainText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PNGs of an earlier report would otherwise linger beside the new one (a run removed since, say). */
    private static void clearPictures(Path pictures) throws IOException {
        try (Stream<Path> files = Files.list(pictures)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".png")).toList()) Files.delete(f);
        }
    }
}
