package djlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.spec.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Published claims checked against hand-made runs whose numbers are known; factor-wise tests of a variants sweep. */
class ClaimsTests {

    @TempDir
    Path root;

    /** Variants mlp-bn, mlp, cnn-bn, cnn as a variants: sweep records them; finals 0.950 + offset + seed x 0.002. */
    private Path sweep() {
        Path sweep = root.resolve("fixture-sweep");
        Map<String, Double> offsets = Map.of("mlp-bn", 0.004, "mlp", 0.0, "cnn-bn", 0.010, "cnn", 0.009);
        offsets.forEach((label, offset) -> {
            for (int seed = 1; seed <= 3; seed++) {
                Fixture.write(sweep, Fixture.Run.completed(label, Map.of("variants", label), seed, 0.948 + offset + seed * 0.002));
            }
        });
        return sweep;
    }

    private Path claims(String claims) {
        return Fixture.writeAndReturn(root.resolve("claims.yaml"), """
                study: "t"
                question: Does batch norm help?
                factor: batchnorm
                budget: {epochs: 3, train_images: 1000, batch_size: 100}
                sweeps:
                  fixture-sweep:
                    factors:
                      mlp-bn: {network: mlp, batchnorm: "true"}
                      mlp: {network: mlp, batchnorm: "false"}
                      cnn-bn: {network: cnn, batchnorm: "true"}
                      cnn: {network: cnn, batchnorm: "false"}
                claims:
                """ + claims);
    }

    @Test
    void verdictsAgainstThePublishedConstant() {
        // mlp-bn finals 0.954, 0.956, 0.958: mean 0.956, sd 0.002, 95% interval 0.956 ± 0.00497.
        Study study = Study.load(claims("""
                  - {variant: mlp-bn, value: 0.956, margin: 0.01}
                  - {variant: mlp-bn, value: 0.90}
                  - {variant: mlp-bn, value: 0.99}
                  - {variant: mlp-bn, value: 0.952, margin: 0.001}
                  - {variant: nope, value: 0.9}
                  - {variant: mlp-bn, point: {after_epochs: 1}, value: 0.916, margin: 0.01}
                  - {variant: mlp-bn, point: final, value: 0.956, margin: 0.01, budget: {epochs: 100}}
                """));
        List<Variant> variants = Content.withFactors(Results.variants(Results.runsUnder(sweep()), null), List.of(study));

        List<Claims.Row> rows = Claims.check(study, variants);

        assertEquals(List.of(Claims.Verdict.CONSISTENT, Claims.Verdict.HIGHER, Claims.Verdict.LOWER,
                Claims.Verdict.NOT_RESOLVED, Claims.Verdict.NOT_MEASURED, Claims.Verdict.CONSISTENT,
                Claims.Verdict.CONSISTENT), rows.stream().map(Claims.Row::verdict).toList());
        assertEquals(0.956, rows.get(0).stats().mean(), 1e-12);
        assertEquals(0.002, rows.get(0).stats().std(), 1e-12);
        // One-sample t = (0.956 - 0.952) / (0.002 / sqrt 3) = 3.464 on 2 df: p = 0.0742; 6 claims tested.
        assertEquals(0.0742, rows.get(3).p(), 1e-4);
        assertTrue(rows.get(3).pAdjusted() > rows.get(3).p());
        assertTrue(rows.get(3).detail().startsWith("n = 3; a difference below "), rows.get(3).detail());
        assertTrue(rows.get(1).detail().startsWith("by 5.60 pp"), rows.get(1).detail());
        assertEquals(List.of(0.914, 0.916, 0.918), java.util.Arrays.stream(rows.get(5).values()).boxed()
                .map(v -> Math.round(v * 1000) / 1000.0).toList(), "epochs.csv's first row");
        assertFalse(rows.get(0).budgetDiffers(), "3 epochs of 10 batches of 100 on both sides");
        assertTrue(rows.get(6).budgetDiffers(), "100 epochs in the report, 3 here");
        assertTrue(ClaimsText.cells(rows.get(6)).get(7).startsWith("consistent (budget differs)"));
        assertEquals("100 epochs, 1,000 iterations, batch 100", rows.get(6).report().describe());
        assertEquals("3 epochs, 30 iterations, batch 100", rows.get(6).djlab().describe());
    }

    @Test
    void seedsTooSpreadForAnyDifferenceSaySo() {
        Path sweep = root.resolve("fixture-sweep");
        double[] finals = {0.10, 0.95, 0.50};
        for (int seed = 1; seed <= 3; seed++) {
            Fixture.write(sweep, Fixture.Run.completed("mlp", Map.of("variants", "mlp"), seed, finals[seed - 1]));
        }
        Study study = Study.load(claims("  - {variant: mlp, value: 0.97}\n"));
        List<Variant> variants = Content.withFactors(Results.variants(Results.runsUnder(sweep), null), List.of(study));

        Claims.Row row = Claims.check(study, variants).get(0);

        assertEquals(Claims.Verdict.NOT_RESOLVED, row.verdict());
        assertTrue(row.detail().startsWith("n = 3; the seeds spread too widely for any effect to be seen (p = "),
                row.detail());
        assertEquals("0.00 – 100.00 %", row.interval(), "the t interval of a mean accuracy, cut at 0 and 100%");
    }

    @Test
    void runNumbersScaledValuesAndNumbersNotComparedHaveTheirOwnRows() {
        // mlp-bn test losses 1 - final: 0.046, 0.044, 0.042 (mean 0.044); wall seconds 11, 12, 13; parameters 101,770.
        Study study = Study.load(claims("""
                  - {variant: mlp-bn, metric: test_loss, value: 0.00044, scale: 0.01, margin: 0.0001}
                  - {variant: mlp-bn, metric: parameters, value: 101770}
                  - {variant: mlp-bn, metric: parameters, value: 101760}
                  - {variant: mlp-bn, metric: wall_seconds, value: 17, scale: 0.0166667, compare: false, note: "minutes on the report's machine"}
                """));
        List<Variant> variants = Content.withFactors(Results.variants(Results.runsUnder(sweep()), null), List.of(study));

        List<Claims.Row> rows = Claims.check(study, variants);

        assertEquals(List.of(Claims.Verdict.CONSISTENT, Claims.Verdict.CONSISTENT, Claims.Verdict.HIGHER,
                Claims.Verdict.NOT_COMPARED), rows.stream().map(Claims.Row::verdict).toList());
        assertEquals(0.00044, rows.get(0).stats().mean(), 1e-12, "DJLab's mean loss in the report's unit");
        assertTrue(ClaimsText.cells(rows.get(0)).get(0).startsWith("mlp-bn: test_loss (DJLab's × 0.01), final"),
                ClaimsText.cells(rows.get(0)).get(0));
        assertEquals("101,770", ClaimsText.cells(rows.get(1)).get(1));
        assertEquals(0.2, rows.get(3).stats().mean(), 1e-4, "12 s in minutes");
        assertTrue(ClaimsText.cells(rows.get(3)).get(7).equals("not compared: minutes on the report's machine"),
                ClaimsText.cells(rows.get(3)).get(7));
        assertTrue(Double.isNaN(rows.get(3).pAdjusted()), "left out of the Holm correction");
    }

    @Test
    void badScaleCompareAndPointsOfRunNumbersAreRefusedInOneLine() {
        BadInputException scale = assertThrows(BadInputException.class,
                () -> Study.load(claims("  - {variant: mlp, metric: test_loss, value: 1, scale: 0}\n")));
        assertTrue(scale.getMessage().endsWith("claims[0].scale: expected a number > 0, got 0"), scale.getMessage());
        BadInputException compare = assertThrows(BadInputException.class,
                () -> Study.load(claims("  - {variant: mlp, value: 1, compare: maybe}\n")));
        assertTrue(compare.getMessage().endsWith("claims[0].compare: expected true or false, got \"maybe\""),
                compare.getMessage());
        BadInputException point = assertThrows(BadInputException.class,
                () -> Study.load(claims("  - {variant: mlp, metric: parameters, value: 1, point: best}\n")));
        assertTrue(point.getMessage().contains("claims[0].point: expected final (or nothing) for parameters"),
                point.getMessage());
    }

    @Test
    void aVariantsSweepIsTestedFactorByFactorAndTheQuestionComesFirst() throws IOException {
        Path sweep = sweep();
        Path claims = claims("  - {variant: mlp, value: 0.95}\n  - {sweep: another-sweep, variant: a, value: 0.5}\n");

        Reports.Written written = Reports.write(sweep, null, claims);

        Study study = Study.load(claims);
        List<Contrasts.Contrast> contrasts = Contrasts.of(Content.withFactors(Results.variants(Results.runsUnder(sweep),
                null), List.of(study)));
        assertEquals(4, contrasts.size(), "batchnorm within each network, network within each batchnorm level");
        assertEquals(Set.of("batchnorm@network=mlp", "batchnorm@network=cnn", "network@batchnorm=true",
                "network@batchnorm=false"), contrasts.stream().map(k -> k.factor() + "@" + k.context())
                        .collect(Collectors.toSet()));
        assertTrue(contrasts.stream().allMatch(k -> k.result().comparisons() == 4), "Holm over the four");
        String md = Files.readString(sweep.resolve("report.md"));
        int question = md.indexOf("**Question:** Does batch norm help?");
        assertTrue(question > 0 && question < md.indexOf("## Comparison"), "the question heads the report");
        String answer = md.lines().filter(l -> l.startsWith("**Answer:**")).findFirst().orElseThrow();
        assertTrue(answer.contains("batchnorm=true vs batchnorm=false (network=mlp)"), answer);
        assertTrue(answer.contains("(network=cnn)") && !answer.contains("network=cnn vs"), "only the question's factor");
        assertTrue(md.contains("**Budget:** 3 epochs, 30 iterations, batch 100 over the first 1,000 training images; "
                + "the report's: 3 epochs, 1,000 training images, batch 100."), md.substring(0, 1200));
        assertTrue(md.contains("## Claims: the report's numbers beside DJLab's"));
        assertTrue(md.contains("| mlp: test\\_accuracy, final | 95.00 % |"), "the claim's row");
        assertFalse(md.contains("another-sweep"), "another folder's claims are not this report's");
        assertTrue(written.table().startsWith("Question: Does batch norm help?\n"), written.table());
        assertTrue(written.table().contains("claims:\n"), written.table());
        assertTrue(Files.readString(sweep.resolve("report.html")).contains("id=\"claims\""));
    }

    @Test
    void anAblationComparesEachVariantWithItsBaselineOnTheStudysMetric() throws IOException {
        Path sweep = root.resolve("fixture-sweep");
        Map<String, Double> offsets = Map.of("primal", 0.0, "momentum", 0.02, "wider", 0.005, "dropout", 0.001);
        offsets.forEach((label, offset) -> {
            for (int seed = 1; seed <= 3; seed++) {
                Fixture.write(sweep, Fixture.Run.completed(label, Map.of("variants", label), seed, 0.95 + offset + seed * 0.002));
            }
        });
        Path claims = Fixture.writeAndReturn(root.resolve("claims.yaml"), """
                study: "a"
                question: Which change helps the primal MLP?
                metric: validate_accuracy
                sweeps:
                  fixture-sweep: {baseline: primal}
                claims:
                  - {variant: primal, value: 0.95}
                """);
        Study study = Study.load(claims);

        List<Contrasts.Contrast> contrasts = Content.contrasts(Results.variants(Results.runsUnder(sweep), null),
                List.of(study));

        assertEquals(3, contrasts.size(), "each change against primal, not the 6 pairs of all four");
        assertTrue(contrasts.stream().allMatch(k -> k.a().name().equals("primal")), "the baseline is always A");
        assertTrue(contrasts.stream().allMatch(k -> k.metric().equals("validate_accuracy")
                && k.result().comparisons() == 3), "the study's metric, Holm over the three");
        String block = Reproductions.block(claims, root, "shipped", new Reproductions.Build("abc1234", "a test machine"));
        assertTrue(block.contains("| momentum vs primal | – | +2.00 |"), block);
        assertTrue(block.contains("an ablation: each variant against its baseline"), block);
        assertFalse(block.contains("wider vs momentum") || block.contains("momentum vs wider"), block);
    }

    @Test
    void badClaimsFilesAreOneLineNamingTheField() {
        BadInputException e = assertThrows(BadInputException.class, () -> Study.load(claims("  - {variant: mlp, value: high}\n")));
        assertTrue(e.getMessage().contains("claims[0].value: expected the report's number, got \"high\""), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Study.load(claims("  - {variant: mlp, value: 1, point: {after: 3}}\n")));
        assertTrue(e.getMessage().contains("claims[0].point: expected final, best"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Study.load(Fixture.writeAndReturn(root.resolve("b.yaml"),
                "sweeps:\n  s: {baseline: [primal]}\nclaims: []\n")));
        assertTrue(e.getMessage().contains("sweeps.s.baseline: expected the label of the variant the others are "
                + "compared with, got [\"primal\"]"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Study.load(root.resolve("none.yaml")));
        assertTrue(e.getMessage().contains("it does not exist"), e.getMessage());
    }

    @Test
    void everyShippedClaimsFileLoadsAndNamesSweepsThatExist() throws IOException {
        List<Path> files;
        try (Stream<Path> folders = Files.list(Path.of("experiments"))) {
            files = folders.map(f -> f.resolve(Study.FILE)).filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() >= 2, files::toString);
        for (Path file : files) {
            Study study = Study.load(file);
            assertFalse(study.claims().isEmpty(), file.toString());
            Set<String> names = new java.util.HashSet<>();
            try (Stream<Path> specs = Files.list(file.getParent())) {
                for (Path spec : specs.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                    Files.readAllLines(spec).stream().filter(l -> l.startsWith("name: "))
                            .forEach(l -> names.add(l.substring(6).trim()));
                }
            }
            for (Study.Claim claim : study.claims()) {
                assertTrue(names.contains(claim.sweep()), file + ": " + claim.sweep() + " is no sweep in " + names);
            }
        }
    }

    @Test
    void everyBudgetOfEveryShippedStudyPlansEachOfItsSweeps() throws IOException {
        for (Path file : Studies.claimsFiles(Path.of("experiments"), List.of("all"))) {
            Study study = Study.load(file);
            for (String budget : study.budgets().keySet()) {
                for (String sweep : study.sweeps().keySet()) {
                    List<String> sets = Reproductions.overrides(file, budget, sweep);
                    djlab.api.Plan plan = djlab.api.Experiments.load(Studies.spec(file, sweep)).override(sets)
                            .results(root).plan();
                    assertFalse(plan.runs().isEmpty(), file + " " + budget + " " + sweep);
                }
            }
        }
    }

    @Test
    void reportTwosFullBudgetTrainsOnlyTheBestModelForTheReportsTenEpochs() {
        Path file = Path.of("experiments/cnn-one-epoch-sweeps", Study.FILE);
        Path spec = Studies.spec(file, "cnn-one-epoch-improvements");
        Map<String, String> budget = runIds(djlab.api.Experiments.load(spec)
                .override(Reproductions.overrides(file, "full", "cnn-one-epoch-improvements")));
        Map<String, String> oneEpoch = runIds(djlab.api.Experiments.load(spec).override("data.limit=null"));
        Map<String, String> tenEpochs = runIds(djlab.api.Experiments.load(spec)
                .override("data.limit=null", "train.epochs=10"));
        assertEquals(12, budget.size());
        budget.forEach((label, id) -> assertEquals(label.startsWith("best,") ? tenEpochs.get(label) : oneEpoch.get(label),
                id, label));
    }

    private Map<String, String> runIds(djlab.api.Experiment experiment) {
        return experiment.results(root).plan().runs().stream()
                .collect(Collectors.toMap(djlab.api.PlannedRun::label, djlab.api.PlannedRun::runId));
    }
}
