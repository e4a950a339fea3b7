package djlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * docs/reproductions.md's generated tables: the generator's output for a small results fixture is the checked-in
 * expected file, so the doc cannot drift from the code without this test saying so.
 */
class ReproductionsTests {

    static final String EXPECTED = "/djlab/report/reproductions-expected.md";

    @TempDir
    Path root;

    /** A study folder (claims.yaml and a spec named fixture-sweep) and its results: bn off/on, 3 seeds each. */
    private Path study() {
        Path results = root.resolve("results");
        for (boolean bn : new boolean[] {false, true}) {
            for (int seed = 1; seed <= 3; seed++) {
                Fixture.write(results.resolve("fixture-sweep"), Fixture.Run.completed("batchnorm=" + bn,
                        Map.of("model.batchnorm", bn), seed, (bn ? 0.95 : 0.92) + seed * 0.002));
            }
        }
        Path folder = root.resolve("experiments").resolve("fixture-study");
        Fixture.write(folder.resolve("sweep.yaml"), "name: fixture-sweep\nsweep: {grid: {model.batchnorm: [true, false]}}\n");
        return Fixture.writeAndReturn(folder.resolve(Study.FILE), """
                study: "009"
                title: A fixture
                question: Does batch norm help?
                budget: {epochs: 3, train_images: 1000, batch_size: 100}
                budgets:
                  full: ["train.epochs=30"]
                sweeps:
                  fixture-sweep: {}
                  never-run: {}
                claims:
                  - {sweep: fixture-sweep, variant: batchnorm=true, value: 0.954, source: "Table 1"}
                  - {sweep: fixture-sweep, variant: batchnorm=true, point: {after_epochs: 1}, value: 0.80}
                  - {sweep: fixture-sweep, variant: batchnorm=true, value: 0.954, budget: {epochs: 30}}
                  - {sweep: never-run, variant: a, value: 0.5}
                """);
    }

    @Test
    void theGeneratedBlockForAFixtureIsTheCheckedInOne() throws IOException {
        Path claims = study();

        String block = Reproductions.block(claims, root.resolve("results"), "shipped",
                new Reproductions.Build("abc1234", "a test machine"));

        if (System.getProperty("djlab.updateExpected") != null) {
            // After a deliberate change to the generator: write the new expected file, then read it before committing.
            Files.writeString(Path.of("src/test/resources" + EXPECTED), block);
        }
        String expected;
        try (var in = ReproductionsTests.class.getResourceAsStream(EXPECTED)) {
            expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertEquals(expected, block);
    }

    @Test
    void spliceReplacesTheStudysBlockAndKeepsTheProse() {
        String doc = "# Title\n\nprose before\n\n" + Reproductions.begin("009") + "\nold\n" + Reproductions.end("009")
                + "\n\nprose after\n";
        String block = Reproductions.begin("009") + "\nnew\n" + Reproductions.end("009") + "\n";
        assertEquals("# Title\n\nprose before\n\n" + block + "\nprose after\n", Reproductions.splice(doc, "009", block));
        assertEquals("# Title\n\n" + block, Reproductions.splice("# Title\n", "009", block), "appended when absent");
    }

    @Test
    void aSweepsOwnBudgetReplacesTheStudysForThatSweepOnly() {
        Path claims = Fixture.writeAndReturn(root.resolve("budgets.yaml"), """
                study: "010"
                budgets: {full: ["train.epochs=100"]}
                sweeps:
                  short: {}
                  long: {budgets: {full: ["train.epochs=60"], tiny: ["data.limit.train=100"]}}
                claims: []
                """);

        assertEquals(List.of("train.epochs=100"), Reproductions.overrides(claims, "full", "short"));
        assertEquals(List.of("train.epochs=60"), Reproductions.overrides(claims, "full", "long"));
        assertEquals(List.of(), Reproductions.overrides(claims, "tiny", "short"), "the study's shipped specs");
        assertEquals(List.of("data.limit.train=100"), Reproductions.overrides(claims, "tiny", "long"));
        djlab.spec.BadInputException bad = org.junit.jupiter.api.Assertions.assertThrows(djlab.spec.BadInputException.class,
                () -> Reproductions.overrides(claims, "huge", "long"));
        assertTrue(bad.getMessage().contains("budgets: expected one of [shipped, full, tiny] for --budget, got huge"),
                bad.getMessage());
    }

    @Test
    void aNamedBudgetHasItsOwnBlockBesideTheShippedOne() {
        String doc = Reproductions.begin("009") + "\nshipped\n" + Reproductions.end("009") + "\n";
        String full = Reproductions.blockId("009", "full");
        String both = Reproductions.splice(doc, full, Reproductions.begin(full) + "\nfull\n" + Reproductions.end(full) + "\n");
        String again = Reproductions.splice(both, full, Reproductions.begin(full) + "\nfull 2\n" + Reproductions.end(full) + "\n");

        assertEquals("009", Reproductions.blockId("009", "shipped"));
        assertTrue(both.contains("\nshipped\n") && both.contains("\nfull\n"), both);
        assertTrue(again.contains("\nshipped\n") && again.contains("\nfull 2\n") && !again.contains("\nfull\n"), again);
    }

    @Test
    void theCommandRegeneratesTheDocFromResultsAndIsOneLineOnABadStudy() throws IOException {
        Path claims = study();
        Path doc = Fixture.writeAndReturn(root.resolve("reproductions.md"), "# The reports, reproduced\n\nprose\n\n"
                + Reproductions.begin("009") + "\nstale numbers\n" + Reproductions.end("009") + "\n\nmore prose\n");
        String[] common = {"--tables-only", "--results", root.resolve("results").toString(), "--doc", doc.toString(),
                "--experiments", claims.getParent().getParent().toString()};

        CommandLine cli = Main.commandLine();
        int exit = cli.execute(concat(new String[] {"reproduce", "009"}, common));

        assertEquals(0, exit);
        String text = Files.readString(doc);
        assertTrue(text.startsWith("# The reports, reproduced\n\nprose\n\n" + Reproductions.begin("009") + "\nGenerated by "),
                text);
        assertTrue(text.endsWith(Reproductions.end("009") + "\n\nmore prose\n"), text);
        assertTrue(!text.contains("stale numbers") && text.contains("| fixture-sweep · batchnorm=true: test\\_accuracy"), text);

        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(Main.BAD_INPUT, cli.execute(concat(new String[] {"reproduce", "123"}, common)));
        assertTrue(err.toString().contains("expected all or one of 009 (fixture-study), got 123"), err.toString());
        assertEquals(Main.BAD_INPUT, cli.execute(concat(new String[] {"reproduce", "009", "--budget", "huge"}, common)));
        assertEquals(Main.BAD_INPUT, cli.execute(concat(new String[] {"reproduce", "009", "--sweep", "nope"}, common)));
        assertTrue(err.toString().contains("--sweep: expected one of the study's sweeps [fixture-sweep, never-run], "
                + "got nope"), err.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
