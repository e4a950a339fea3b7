package djlab.report;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Everything a report says, computed once; the HTML and Markdown writers only lay it out. */
record Content(String title, List<Path> sources, String made, List<RunResult> runs, List<Variant> variants,
        Comparison comparison, List<Contrasts.Contrast> contrasts, List<Figure> overlays,
        List<VariantPictures> pictures, List<RunCurves> curves, SpecTable specs, EnvTable environments,
        List<RunResult> unreadable, List<Study> studies, List<Claims.Row> claims, Search search) {

    record VariantPictures(Variant variant, RunResult best, List<Figure> figures) {}

    record RunCurves(RunResult run, Variant variant, List<Figure> figures) {
        /** The run as its variant and seed: in a comparison of folders this also names the folder. */
        String heading() {
            return run.seed() == null ? variant.name() + " \u00b7 " + run.title()
                    : variant.name() + " \u00b7 seed " + run.seed();
        }
    }

    /** Each variant's spec field by field; {@code differing} are the fields not equal in all of them. */
    record SpecTable(List<String> keys, List<Variant> variants, List<Map<String, String>> specs, Set<String> differing) {
        static SpecTable of(List<Variant> variants) {
            List<Map<String, String>> specs = new ArrayList<>();
            for (Variant v : variants) {
                RunResult shown = v.best() != null ? v.best() : v.runs().get(0);
                Map<String, String> spec = shown.specWithoutSeed();
                spec.remove("description");
                specs.add(spec);
            }
            Set<String> keys = new LinkedHashSet<>();
            specs.forEach(s -> keys.addAll(s.keySet()));
            Set<String> differing = variants.size() < 2 ? Set.of() : Results.differingKeys(specs);
            return new SpecTable(List.copyOf(keys), variants, specs, differing);
        }
    }

    /** The distinct environments the runs ran in, each with the runs that ran there. */
    record EnvTable(List<String> keys, List<Map<String, String>> environments, List<List<RunResult>> runs) {
        static EnvTable of(List<RunResult> all) {
            Map<Map<String, String>, List<RunResult>> groups = new LinkedHashMap<>();
            for (RunResult run : all) {
                Map<String, String> env = run.environment();
                if (!env.isEmpty()) groups.computeIfAbsent(env, k -> new ArrayList<>()).add(run);
            }
            Set<String> keys = new LinkedHashSet<>();
            groups.keySet().forEach(e -> keys.addAll(e.keySet()));
            return new EnvTable(List.copyOf(keys), List.copyOf(groups.keySet()), List.copyOf(groups.values()));
        }
    }

    static Content build(String title, List<Path> sources, List<Variant> variants, Path dataDir) {
        return build(title, sources, variants, List.of(), dataDir);
    }

    /** @param unreadable run folders whose summary could not be used: listed in the report, counted nowhere */
    static Content build(String title, List<Path> sources, List<Variant> variants, List<RunResult> unreadable,
            Path dataDir) {
        return build(title, sources, variants, unreadable, List.of(), dataDir);
    }

    /**
     * @param studies the claims files of the folders' studies: their factors name the variants' levels, their claims
     *     are checked against the runs, their question heads the report
     */
    static Content build(String title, List<Path> sources, List<Variant> variants, List<RunResult> unreadable,
            List<Study> studies, Path dataDir) {
        variants = withFactors(variants, studies);
        // A folder's report checks the claims on its own sweeps; the study's other sweeps are other folders.
        Set<String> sweeps = new LinkedHashSet<>();
        variants.forEach(v -> v.runs().forEach(r -> sweeps.add(r.name())));
        List<Claims.Row> claims = new ArrayList<>();
        for (Study study : studies) {
            Claims.check(study, variants).stream().filter(r -> sweeps.contains(r.claim().sweep())).forEach(claims::add);
        }
        List<RunResult> runs = variants.stream().flatMap(v -> v.runs().stream()).toList();
        NetworkPictures.TestData data = new NetworkPictures.TestData(dataDir);
        List<VariantPictures> pictures = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            RunResult best = v.best();
            String prefix = String.format(Locale.ROOT, "variant-%02d", i + 1);
            List<Figure> figures = best != null ? NetworkPictures.of(best, prefix, data)
                    : List.of(Figure.missing(prefix + "-first-layer.png", "network pictures",
                            "no run of this variant completed, so there is no trained network to picture"));
            pictures.add(new VariantPictures(v, best, figures));
        }
        List<RunCurves> curves = new ArrayList<>();
        int n = 0;
        for (Variant v : variants) {
            for (RunResult run : v.runs()) {
                String prefix = String.format(Locale.ROOT, "run-%02d-%s", ++n, safe(run.id()));
                curves.add(new RunCurves(run, v, Curves.ofRun(run, prefix)));
            }
        }
        String made = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT));
        return new Content(title, sources, made, runs, variants, Comparison.of(variants), contrasts(variants, studies),
                Curves.overlays(variants), pictures, curves, SpecTable.of(variants), EnvTable.of(runs),
                List.copyOf(unreadable), List.copyOf(studies), List.copyOf(claims),
                sources.size() == 1 ? Search.of(sources.get(0), variants).orElse(null) : null);
    }

    /**
     * The tested differences as the studies structure them: on the study's metric when it is an accuracy, and in an
     * ablation each variant against its sweep's baseline.
     */
    static List<Contrasts.Contrast> contrasts(List<Variant> variants, List<Study> studies) {
        String metric = studies.stream().map(Study::metric).filter(m -> m.endsWith("accuracy")).findFirst()
                .orElse(djlab.results.Metrics.TEST_ACCURACY);
        Set<Variant> baselines = new java.util.HashSet<>();
        for (Variant v : variants) {
            RunResult first = v.runs().get(0);
            if (studies.stream().anyMatch(s -> s.isBaseline(first.name(), first.variant()))) baselines.add(v);
        }
        return Contrasts.of(variants, metric, baselines);
    }

    /**
     * Variants of a sweep whose study names the factors behind each label (mlp-bn: network=mlp, batchnorm=true) are
     * described by those factors instead of the label, so each factor is tested with the others held fixed.
     */
    static List<Variant> withFactors(List<Variant> variants, List<Study> studies) {
        if (studies.isEmpty()) return variants;
        List<Variant> out = new ArrayList<>();
        for (Variant v : variants) {
            RunResult first = v.runs().get(0);
            Map<String, String> factors = Map.of();
            for (Study study : studies) {
                if (factors.isEmpty()) factors = study.factorsOf(first.name(), first.variant());
            }
            if (factors.isEmpty()) {
                out.add(v);
                continue;
            }
            Map<String, String> values = new java.util.TreeMap<>(v.values());
            values.remove(djlab.sweep.SweepExpansion.VARIANT);
            values.putAll(factors);
            out.add(new Variant(v.name(), values, v.runs()));
        }
        return out;
    }

    /**
     * What the top of the report says first: the study's question, the answer the factor-wise tests give, and the
     * budget the runs had beside the report's.
     */
    List<String> headline() {
        List<String> out = new ArrayList<>();
        Study study = studies.isEmpty() ? null : studies.get(0);
        if (study != null && study.question() != null) out.add("Question: " + study.question());
        if (study != null) {
            List<String> answers = new ArrayList<>();
            for (Contrasts.Contrast k : contrasts) {
                if (study.factor() != null && !study.factor().equals(k.factor())) continue;
                if (k.result().verdict() == Significance.Verdict.NOT_ENOUGH_SEEDS) continue;
                String a = Contrasts.side(k, k.a());
                String b = Contrasts.side(k, k.b());
                answers.add(b + " vs " + a + (k.context().isEmpty() ? "" : " (" + k.context() + ")") + ": "
                        + k.result().sentence(a, b));
            }
            if (!answers.isEmpty()) out.add("Answer: " + String.join("; ", answers) + ".");
        }
        String budget = "Budget: " + budgets();
        if (study != null && study.budget() != Study.Budget.NONE) {
            budget += "; the report's: " + study.budget().describe()
                    + (claims.stream().anyMatch(Claims.Row::budgetDiffers) ? " (not the same: see the claims)" : "");
        }
        out.add(budget + ".");
        return out;
    }

    /** The training the completed runs had: epochs, updates and batch size, each distinct one with its variants. */
    String budgets() {
        return budgets(variants);
    }

    static String budgets(List<Variant> variants) {
        Map<String, Set<String>> byBudget = new LinkedHashMap<>();
        for (Variant v : variants) {
            for (RunResult r : v.completed()) {
                Integer batch = r.spec().path("train").path("batch_size").isInt()
                        ? r.spec().path("train").path("batch_size").asInt() : null;
                Long iterations = Double.isNaN(r.number("iterations")) ? null : Math.round(r.number("iterations"));
                Double epochs = Double.isNaN(r.number("epochs_completed")) ? null : r.number("epochs_completed");
                Object limit = r.spec().path("data").path("limit").path("train").isNumber()
                        ? String.format(Locale.ROOT, "the first %,d training images", r.spec().path("data").path("limit")
                                .path("train").asLong()) : "all training images";
                String text = new Claims.Spent(epochs, iterations, batch).describe() + " over " + limit;
                byBudget.computeIfAbsent(text, k -> new LinkedHashSet<>()).add(v.name());
            }
        }
        if (byBudget.isEmpty()) return "no run completed";
        if (byBudget.size() == 1) return byBudget.keySet().iterator().next();
        // The budget most variants share goes first, as "the others": a batch-size sweep names only its odd ones out.
        String common = byBudget.entrySet().stream().max(java.util.Comparator.comparingInt(e -> e.getValue().size()))
                .orElseThrow().getKey();
        List<String> parts = new ArrayList<>(List.of(common + " (the others)"));
        byBudget.forEach((text, names) -> {
            if (!text.equals(common)) parts.add(text + " (" + String.join(", ", names) + ")");
        });
        return String.join("; ", parts);
    }

    /** Run ids are hex, but a folder renamed by hand may hold anything: keep file names plain. */
    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Spec fields that differ between variants as a matter of course, not as a factor: where the results went. */
    private static final Set<String> NOT_FACTORS = Set.of("name", "description", "data.dir");

    /**
     * The fields whose levels differ between variants, for the header: "model.batchnorm (false, true)". The swept
     * fields first, then any other spec field in which the variants differ (runs of different sweeps compared: the
     * data set, the epochs), so the header never hides a difference.
     */
    List<String> factors() {
        Map<String, Set<String>> levels = new LinkedHashMap<>();
        for (Variant v : variants) v.values().forEach((k, val) -> levels.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(val));
        for (String key : specs.differing()) {
            if (levels.containsKey(key) || NOT_FACTORS.contains(key)) continue;
            Set<String> values = new LinkedHashSet<>();
            specs.specs().forEach(spec -> values.add(spec.getOrDefault(key, "–")));
            levels.put(key, values);
        }
        List<String> out = new ArrayList<>();
        levels.forEach((k, vals) -> {
            if (vals.size() > 1) {
                out.add(k + " (" + String.join(", ", vals.stream().sorted(SpecTree::compareLevels).toList()) + ")");
            }
        });
        return out;
    }

    /**
     * What makes the comparison itself doubtful, for the top of the report and the terminal: variants tested on
     * different data sets or different test sets without a sweep saying so, whose accuracies do not measure the same
     * thing.
     */
    List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (String[] field : new String[][] {{"data.dataset", "data sets"}, {"data.limit.test", "test set sizes"}}) {
            // A sweep over data sets asks that on purpose; the warning is for folders put side by side.
            if (variants.stream().anyMatch(v -> v.values().containsKey(field[0]))) continue;
            Map<String, List<String>> byValue = new LinkedHashMap<>();
            for (int i = 0; i < specs.variants().size(); i++) {
                byValue.computeIfAbsent(specs.specs().get(i).getOrDefault(field[0], "all"), k -> new ArrayList<>())
                        .add(specs.variants().get(i).name());
            }
            if (byValue.size() > 1) {
                List<String> parts = new ArrayList<>();
                byValue.forEach((value, names) -> parts.add(value + ": " + String.join(", ", names)));
                out.add("The variants were tested on different " + field[1] + " (" + field[0] + " " + String.join("; ", parts)
                        + "): their test accuracies do not measure the same thing and are not comparable.");
            }
        }
        return out;
    }

    /** The answers in sentences, for the top of the report: the best variant, then each tested difference. */
    List<String> findings() {
        List<String> out = new ArrayList<>();
        comparison.rows().stream()
                .filter(r -> comparison.isBest(r, Comparison.Column.FINAL_ACCURACY))
                .forEach(r -> out.add("Highest mean final test accuracy: " + r.variant().name() + " ("
                        + Comparison.cell(r, Comparison.Column.FINAL_ACCURACY) + " %, n = " + r.completed() + ")."));
        List<Contrasts.Contrast> tested = contrasts.stream()
                .filter(k -> k.result().verdict() != Significance.Verdict.NOT_ENOUGH_SEEDS).toList();
        if (tested.isEmpty() && !contrasts.isEmpty()) {
            out.add("No difference could be tested: a variant needs at least " + Significance.MIN_SEEDS
                    + " completed seeds (in a sweep spec: seeds: [1, 2, 3]).");
        }
        for (Contrasts.Contrast k : tested) {
            if (out.size() >= 9) break;
            String a = Contrasts.side(k, k.a());
            String b = Contrasts.side(k, k.b());
            String where = k.context().isEmpty() ? "" : " (at " + k.context() + ")";
            out.add(b + " vs " + a + where + ": " + k.result().sentence(a, b) + ".");
        }
        return out;
    }

    /** One line per unreadable run folder: where it is and what is wrong with it. */
    List<String> unreadableLines() {
        return unreadable.stream().map(r -> r.dir() + ": " + r.unreadable()).toList();
    }

    List<Figure> allFigures() {
        List<Figure> all = new ArrayList<>(overlays);
        if (search != null) all.addAll(search.figures());
        pictures.forEach(p -> all.addAll(p.figures()));
        curves.forEach(c -> all.addAll(c.figures()));
        return all;
    }
}
