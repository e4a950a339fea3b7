package djlab.report;

import djlab.results.ReportFolder;
import djlab.spec.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     * @throws BadInputException when {@code dir} does not exist or holds no run folder
     */
    public static Written write(Path dir, Path dataDir) {
        return write(dir, dataDir, null);
    }

    /**
     * @param claims the study's claims file; null: the one found beside the sweep's spec or in experiments/ (see
     *     {@link Study#find}), if any
     */
    public static Written write(Path dir, Path dataDir, Path claims) {
        checkDataDir(dataDir);
        List<RunResult> runs = Results.runsUnder(dir);
        List<Study> studies = Study.find(dir, runs, claims).map(List::of).orElse(List.of());
        Content content = Content.build("DJLab report: " + title(dir, runs), List.of(dir),
                Results.variants(runs, null), unreadable(dir, runs), studies, dataDir);
        return save(content, dir);
    }

    /**
     * Puts the runs of several folders side by side in one report written into {@code out}. Variants are named
     * {@code <folder>/<variant>} when there are several folders, and the folder counts as one more field in which
     * variants differ, so the same setting in two sweeps is tested against itself.
     */
    public static Written compare(List<Path> dirs, Path out, Path dataDir) {
        return compare(dirs, out, dataDir, null);
    }

    /** @param claims a claims file checked against every folder; null: each folder's own study, if any */
    public static Written compare(List<Path> dirs, Path out, Path dataDir, Path claims) {
        if (dirs.isEmpty()) throw new BadInputException(null, "DIR", "expected at least one run or sweep folder");
        checkDataDir(dataDir);
        List<Variant> variants = new ArrayList<>();
        List<RunResult> unreadable = new ArrayList<>();
        List<Study> studies = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Path dir : dirs) {
            List<RunResult> runs = Results.runsUnder(dir);
            unreadable.addAll(unreadable(dir, runs));
            Study.find(dir, runs, claims).filter(s -> studies.stream().noneMatch(t -> t.file().equals(s.file())))
                    .ifPresent(studies::add);
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
        return save(Content.build(title, dirs, variants, unreadable, studies, dataDir), out);
    }

    /** The runs whose summary cannot be used; bad input when that is every run of the folder. */
    private static List<RunResult> unreadable(Path dir, List<RunResult> runs) {
        List<RunResult> bad = runs.stream().filter(r -> !r.readable()).toList();
        if (bad.size() == runs.size()) {
            throw new BadInputException(dir.toString(), null, "no readable run: " + bad.get(0).dir() + ": "
                    + bad.get(0).unreadable() + (bad.size() > 1 ? " (and " + (bad.size() - 1) + " more)" : ""));
        }
        return bad;
    }

    /** A data folder given by hand that is not there is a typo to report, not a reason to leave pictures out. */
    private static void checkDataDir(Path dataDir) {
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new BadInputException(null, "--data-dir", "expected a folder, " + dataDir
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
        return save(content, dir, ReportFolder.FILES);
    }

    /** Writes the report through {@code output} into a staging folder, then renames it into place. */
    static Written save(Content content, Path dir, ReportFolder.Output output) {
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (Figure f : content.allFigures()) {
            if (f.present()) images.put(f.file(), f.png());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        // The self-contained page first: it is the report, the Markdown and its pictures are for pasting elsewhere.
        files.put(HTML, HtmlWriter.render(content).getBytes(StandardCharsets.UTF_8));
        files.put(MARKDOWN, MarkdownWriter.render(content, PICTURES).getBytes(StandardCharsets.UTF_8));
        try {
            new ReportFolder(dir, output).replace(files, PICTURES, images);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder table = new StringBuilder();
        for (String line : content.headline()) table.append(line).append('\n');
        for (String warning : content.warnings()) table.append("warning: ").append(warning).append('\n');
        table.append(content.comparison().plainText());
        table.append(ClaimsText.plain(content.claims()));
        for (String line : content.unreadableLines()) table.append("unreadable, not counted: ").append(line).append('\n');
        return new Written(dir.resolve(HTML), dir.resolve(MARKDOWN), dir.resolve(PICTURES), files.get(HTML).length,
                content.runs().size(), content.variants().size(), table.toString());
    }
}
