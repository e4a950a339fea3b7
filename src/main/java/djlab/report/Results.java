package djlab.report;

import djlab.results.RunFolder;
import djlab.spec.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Finds the run folders under a results folder and groups them into variants. */
final class Results {

    /** Deep enough for results/, results/name/ and results/name/run-id/ alike. */
    private static final int MAX_DEPTH = 3;

    private Results() {}

    /** The runs in {@code dir}: the folder itself when it is a run folder, else every run folder below it. */
    static List<RunResult> runsUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir.toString(), null, "expected a run or sweep folder, "
                    + (Files.exists(dir) ? "it is a file" : "it does not exist"));
        }
        List<Path> found = new ArrayList<>();
        collect(dir, 0, found);
        if (found.isEmpty()) {
            throw new BadInputException(dir.toString(), null, "no run folders in it (a run folder holds "
                    + RunFolder.SPEC + " and " + RunFolder.SUMMARY + ")");
        }
        return found.stream().sorted().map(RunResult::read).toList();
    }

    private static void collect(Path dir, int depth, List<Path> found) {
        if (isRun(dir)) {
            found.add(dir);
            return;
        }
        if (depth >= MAX_DEPTH) return;
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) collect(child, depth + 1, found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunFolder.SUMMARY)) || Files.isRegularFile(dir.resolve(RunFolder.SPEC));
    }

    /**
     * Groups runs into variants. A sweep names each run's variant; runs recorded outside a sweep are grouped by their
     * spec without the seed, so repeats of one spec under several seeds still form one variant. Such a group is named
     * after its spec, and where several groups share a spec name, after the fields in which they differ.
     *
     * Unreadable runs (a corrupt or stub summary.json) are in no variant: they are listed, never counted.
     *
     * @param source the folder the runs came from, prefixed to names when runs of several folders are compared
     */
    static List<Variant> variants(List<RunResult> runs, String source) {
        Map<String, List<RunResult>> named = new LinkedHashMap<>();
        Map<Map<String, String>, List<RunResult>> bySpec = new LinkedHashMap<>();
        for (RunResult run : runs) {
            if (!run.readable()) continue;
            if (run.variant() != null) {
                named.computeIfAbsent(run.variant(), k -> new ArrayList<>()).add(run);
            } else {
                Map<String, String> spec = run.specWithoutSeed();
                spec.remove("description");
                spec.remove("data.dir");
                bySpec.computeIfAbsent(spec, k -> new ArrayList<>()).add(run);
            }
        }
        List<Variant> variants = new ArrayList<>();
        named.forEach((name, group) -> variants.add(new Variant(name, group.get(0).values(), bySeed(group))));
        variants.addAll(unnamed(bySpec));
        List<Variant> sourced = source == null ? variants : variants.stream().map(v -> withSource(v, source)).toList();
        return sorted(sourced);
    }

    private static List<Variant> unnamed(Map<Map<String, String>, List<RunResult>> bySpec) {
        Map<String, List<Map<String, String>>> specsByName = new LinkedHashMap<>();
        for (Map<String, String> spec : bySpec.keySet()) {
            specsByName.computeIfAbsent(spec.getOrDefault("name", "run"), k -> new ArrayList<>()).add(spec);
        }
        List<Variant> variants = new ArrayList<>();
        specsByName.forEach((name, specs) -> {
            Set<String> differing = differingKeys(specs);
            for (Map<String, String> spec : specs) {
                Map<String, String> values = new TreeMap<>();
                for (String key : differing) values.put(key, spec.getOrDefault(key, "-"));
                String label = specs.size() == 1 ? name : describe(values);
                variants.add(new Variant(label, values, bySeed(bySpec.get(spec))));
            }
        });
        return variants;
    }

    private static List<RunResult> bySeed(List<RunResult> runs) {
        return runs.stream().sorted(Comparator.comparing(RunResult::seed, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** Keys whose values are not the same in all the given flattened specs (a key absent from one counts). */
    static Set<String> differingKeys(List<Map<String, String>> specs) {
        Set<String> keys = new LinkedHashSet<>();
        specs.forEach(s -> keys.addAll(s.keySet()));
        Set<String> differing = new LinkedHashSet<>();
        for (String key : keys) {
            String first = specs.get(0).get(key);
            if (specs.stream().anyMatch(s -> !Objects.equals(s.get(key), first))) differing.add(key);
        }
        return differing;
    }

    /** Values named as a sweep names its variants: {@code batchnorm=true,lr=0.1}. */
    static String describe(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(out.length() > 0 ? "," : "").append(SpecTree.shortKey(k)).append('=').append(v));
        return out.toString();
    }

    private static Variant withSource(Variant v, String source) {
        Map<String, String> values = new TreeMap<>(v.values());
        values.put("source", source);
        return new Variant(source + "/" + v.name(), values, v.runs());
    }

    /** By the values of their fields, numbers as numbers, then by name: lr=0.01 before lr=0.1 before lr=1. */
    static List<Variant> sorted(List<Variant> variants) {
        Comparator<Variant> byValues = (a, b) -> {
            Set<String> keys = new java.util.TreeSet<>(a.values().keySet());
            keys.addAll(b.values().keySet());
            for (String key : keys) {
                int c = SpecTree.compareLevels(a.values().get(key), b.values().get(key));
                if (c != 0) return c;
            }
            return 0;
        };
        return variants.stream().sorted(byValues.thenComparing(Variant::name)).toList();
    }
}
