package djlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.cli.Main;
import djlab.spec.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Whole reports on hand-made results folders (no parameters saved, so no network and no data are needed). */
class ReportTests {

    /** Anything that would make the page fetch from the network: scripts, styles, fonts, images, frames. */
    static final Pattern EXTERNAL = Pattern.compile(
            "(?i)(<(script|link|img|iframe|source|embed|object)\\b[^>]*\\b(src|href|data)\\s*=\\s*[\"']?\\s*(https?:)?//)"
                    + "|(url\\(\\s*[\"']?\\s*(https?:)?//)|(@import)");

    @TempDir
    Path root;

    private Path sweep;

    @BeforeEach
    void sweepWithoutParameters() {
        sweep = root.resolve("fixture-sweep");
        for (boolean bn : new boolean[] {false, true}) {
            for (int seed = 1; seed <= 3; seed++) {
                Fixture.write(sweep, Fixture.Run.completed("batchnorm=" + bn, Map.of("model.batchnorm", bn), seed,
                        (bn ? 0.95 : 0.92) + seed * 0.002));
            }
        }
        Fixture.write(sweep, Fixture.Run.completed("batchnorm=true,lr=1", Map.of("model.batchnorm", true,
                "train.optimizer.lr", 1.0), 1, 0.5));
        Fixture.write(sweep.resolve("summary.csv"), "label,status\n");
    }

    @Test
    void writesEverythingAndSaysWhereParametersAreMissing() throws IOException {
        Reports.Written written = Reports.write(sweep, null);
        assertEquals(7, written.runs());
        assertEquals(3, written.variants());
        String html = Files.readString(sweep.resolve("report.html"));
        String md = Files.readString(sweep.resolve("report.md"));
        assertTrue(html.contains("no saved parameters"), "the missing pictures say why");
        assertTrue(html.contains("confusion matrix"));
        assertTrue(md.contains("not available: no saved parameters"));
        assertTrue(html.contains("data:image/png;base64,"), "the charts are still drawn");
        for (String png : List.of("overlay-test-accuracy.png", "run-01-batchnorm_false_seed_1-loss.png",
                "run-01-batchnorm_false_seed_1-iterations.png")) {
            assertTrue(Files.size(sweep.resolve("report").resolve(png)) > 1000, png);
            assertTrue(md.contains("](report/" + png + ")"), png + " referenced from report.md");
        }
        assertTrue(html.contains("not enough seeds"), "the variant with one seed gets no verdict");
        assertTrue(html.contains("significant"), "batch norm on vs off, three seeds each");
        assertTrue(written.htmlBytes() < 5 * 1024 * 1024);
    }

    @Test
    void reportIsSelfContained() throws IOException {
        Reports.write(sweep, null);
        String html = Files.readString(sweep.resolve("report.html"));
        assertFalse(EXTERNAL.matcher(html).find(), "no http(s):// or protocol-relative script/link/img references");
        assertFalse(html.toLowerCase().contains("<script"), "no scripts at all");
        assertTrue(EXTERNAL.matcher("<link rel=stylesheet href=\"https://cdn.example/x.css\">").find(), "check the check");
        assertTrue(EXTERNAL.matcher("<script src='//cdn.example/x.js'></script>").find(), "check the check");
    }

    @Test
    void singleRunFolderIsItsOwnVariant() throws IOException {
        Path run = Files.list(sweep).filter(p -> p.getFileName().toString().startsWith("batchnorm_true_seed_2"))
                .findFirst().orElseThrow();
        Reports.Written written = Reports.write(run, null);
        assertEquals(1, written.runs());
        assertTrue(Files.isRegularFile(run.resolve("report.html")));
        assertTrue(Files.readString(run.resolve("report.md")).contains("no saved parameters"));
    }

    @Test
    void runsOutsideASweepGroupBySpecWithoutTheSeed() {
        Path plain = root.resolve("plain");
        for (int seed = 1; seed <= 2; seed++) {
            for (boolean bn : new boolean[] {false, true}) {
                Path dir = Fixture.write(plain, Fixture.Run.completed("bn" + bn, Map.of("model.batchnorm", bn), seed, 0.9));
                // As `djlab run` writes it: no label, variant, seed or values in the summary.
                Path summary = dir.resolve("summary.json");
                Fixture.write(summary, readString(summary).replaceAll("\"(label|variant)\" : \"[^\"]*\",?", "")
                        .replaceAll("\"seed\" : \\d+,", "").replaceAll("\"values\" : \\{[^}]*\\},", ""));
            }
        }
        List<Variant> variants = Results.variants(Results.runsUnder(plain), null);
        assertEquals(List.of("batchnorm=false", "batchnorm=true"), variants.stream().map(Variant::name).toList());
        assertEquals(List.of(1L, 2L), variants.get(0).seeds());
    }

    @Test
    void compareNamesVariantsByFolder() throws IOException {
        Path other = root.resolve("other-sweep");
        Fixture.write(other, Fixture.Run.completed("batchnorm=true", Map.of("model.batchnorm", true), 1, 0.97));
        Fixture.write(other, Fixture.Run.completed("batchnorm=true", Map.of("model.batchnorm", true), 2, 0.971));
        Path out = root.resolve("compare");
        Reports.Written written = Reports.compare(List.of(sweep, other), out, null);
        assertEquals(4, written.variants());
        assertTrue(written.table().contains("other-sweep/batchnorm=true"), written.table());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("fixture-sweep/batchnorm=true"));
    }

    @Test
    void compareAcrossDataSetsWarnsAndSaysTheDataSetVaried() throws IOException {
        Path other = root.resolve("fashion-sweep");
        for (int seed = 1; seed <= 2; seed++) {
            Path run = Fixture.write(other, Fixture.Run.completed("batchnorm=true", Map.of("model.batchnorm", true), seed, 0.88));
            Path spec = run.resolve("spec.yaml");
            Fixture.write(spec, readString(spec).replace("dataset: mnist", "dataset: fashion-mnist"));
        }
        Path out = root.resolve("compare");

        Reports.Written written = Reports.compare(List.of(sweep, other), out, null);

        assertTrue(written.table().contains("\nwarning: The variants were tested on different data sets (data.dataset "
                + "mnist: fixture-sweep/"), written.table());
        assertTrue(written.table().contains("fashion-mnist: fashion-sweep/batchnorm=true"), written.table());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("> **Warning:** The variants were tested on different data sets"), md.substring(0, 600));
        assertTrue(md.contains("Varied: "), md.substring(0, 600));
        assertTrue(md.lines().filter(l -> l.contains("Varied: ")).findFirst().orElseThrow()
                .contains("data.dataset (fashion-mnist, mnist)"), md.substring(0, 600));
        assertTrue(Files.readString(out.resolve("report.html")).contains("<b>Warning:</b>"));

        Reports.Written same = Reports.compare(List.of(sweep, sweep.resolve("..").resolve("fixture-sweep")),
                root.resolve("same"), null);
        assertFalse(same.table().contains("warning"), "one data set: no warning");
    }

    @Test
    void markdownCarriesNoRawHtmlFromLabelsOrErrors() throws IOException {
        Path hostile = root.resolve("hostile");
        for (int seed = 1; seed <= 2; seed++) {
            Fixture.write(hostile, Fixture.Run.completed("<img src=x onerror=alert(1)>", Map.of("model.batchnorm",
                    "<script>alert(1)</script>"), seed, 0.9));
        }
        Fixture.write(hostile, new Fixture.Run("[link](http://evil.example) `x`", Map.of("model.batchnorm", "b"), 1,
                "failed", 0.1, 0.1, 2, null, 1, 10));

        Reports.write(hostile, null);

        String md = Files.readString(hostile.resolve("report.md"));
        assertFalse(md.contains("<img"), "no raw <img>");
        assertFalse(md.contains("<script"), "no raw <script>");
        assertFalse(md.contains("[link](http"), "no live link");
        assertTrue(md.contains("&lt;img src=x onerror=alert(1)&gt;"), "shown as text");
        assertTrue(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
    }

    @Test
    void badFoldersAreBadInput() throws IOException {
        assertThrows(BadInputException.class, () -> Reports.write(root.resolve("missing"), null));
        Path empty = Files.createDirectories(root.resolve("empty"));
        BadInputException e = assertThrows(BadInputException.class, () -> Reports.write(empty, null));
        assertTrue(e.getMessage().contains("no run folders"), e.getMessage());
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(Main.BAD_INPUT, cli.execute("report", empty.toString()));
        assertTrue(err.toString().startsWith("error: "), err.toString());
        assertEquals(Main.BAD_INPUT, cli.execute("compare", sweep.toString(), empty.toString(), "--out",
                root.resolve("c").toString()));
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
