package djlab.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import djlab.spec.BadInputException;
import djlab.spec.SpecFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A sweep's folder, {@code <results>/<sweep-name>/}: its run folders, {@code plan.json} (every planned run, so
 * {@code djlab status} knows what is pending) and {@code summary.csv} (one row per finished run). Both files are
 * rebuilt from what is on disk and replaced by a rename, so several processes (shards) writing them never
 * corrupt them or duplicate a row.
 */
public final class SweepFolder {

    public static final String PLAN = "plan.json";
    public static final String SUMMARY = "summary.csv";
    private static final String BROKEN_PLAN = "expected a sweep's list of planned runs, the file is empty or broken; "
            + "running the sweep again writes it again";

    /** One planned run as plan.json lists it. */
    public record Entry(int index, String label, String runId) {}

    public record Plan(String sweep, String spec, List<Entry> runs) {}

    private final Path dir;

    public SweepFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public RunFolder run(String runId) {
        return new RunFolder(dir.resolve(runId));
    }

    public void writePlan(Plan plan) {
        try {
            replace(PLAN, SpecFiles.json().writeValueAsString(plan) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<Plan> plan() {
        Path file = dir.resolve(PLAN);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            Plan plan = SpecFiles.json().readValue(file.toFile(), Plan.class);
            if (plan == null || plan.runs() == null) throw new BadInputException(file.toString(), null, BROKEN_PLAN);
            return Optional.of(plan);
        } catch (JsonProcessingException e) {
            // Empty or cut off (a disk that filled up, a hand edit): the sweep writes it again when it runs.
            throw new BadInputException(file.toString(), null, BROKEN_PLAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites summary.csv from the summaries of the planned runs that have one. */
    public void writeSummary(List<Entry> runs) {
        List<Summary> summaries = new ArrayList<>();
        for (Entry e : runs) run(e.runId()).summary().ifPresent(summaries::add);
        Set<String> valueColumns = new LinkedHashSet<>();
        for (Summary s : summaries) {
            if (s.values() != null) valueColumns.addAll(s.values().keySet());
        }
        valueColumns.remove("seed");
        List<String> header = new ArrayList<>(List.of("label", "variant", "run_id"));
        header.addAll(valueColumns);
        header.addAll(List.of("seed", "status", "final_validate_accuracy", "best_validate_accuracy", "final_validate_loss",
                "best_validate_loss", "final_test_accuracy", "best_test_accuracy", "final_test_loss", "best_test_loss",
                "convergence_iteration", "parameters", "wall_seconds", "images_per_second", "error"));
        // Metrics beyond the standard ones (per-head accuracies, ...), final and best, after the standard columns.
        Set<String> extraMetrics = new LinkedHashSet<>();
        for (Summary s : summaries) {
            if (s.metrics() != null) extraMetrics.addAll(s.metrics().keySet());
        }
        extraMetrics.removeAll(Metrics.PER_EPOCH);
        for (String metric : extraMetrics) {
            header.add("final_" + metric);
            header.add("best_" + metric);
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
                .setRecordSeparator("\n").build().print(out)) {
            for (Summary s : summaries) {
                List<Object> row = new ArrayList<>(List.of(nz(s.label()), nz(s.variant()), s.runId()));
                for (String column : valueColumns) row.add(s.values() == null ? "" : cell(s.values().get(column)));
                row.add(s.seed());
                row.add(s.status());
                for (String metric : List.of(Metrics.VALIDATE_ACCURACY, Metrics.VALIDATE_LOSS, Metrics.TEST_ACCURACY,
                        Metrics.TEST_LOSS)) {
                    Summary.Metric m = s.metrics() == null ? null : s.metrics().get(metric);
                    row.add(m == null ? "" : m.last());
                    row.add(m == null ? "" : m.best());
                }
                row.add(s.convergenceIteration() == null ? "" : s.convergenceIteration());
                row.add(s.parameters() == null ? "" : s.parameters());
                row.add(Math.round(s.wallSeconds() * 100) / 100.0);
                row.add(Math.round(s.imagesPerSecond()));
                row.add(nz(s.error()));
                for (String metric : extraMetrics) {
                    Summary.Metric m = s.metrics() == null ? null : s.metrics().get(metric);
                    row.add(m == null ? "" : m.last());
                    row.add(m == null ? "" : m.best());
                }
                csv.printRecord(row.stream().map(SweepFolder::spreadsheetSafe).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        replace(SUMMARY, out.toString());
    }

    private static Object cell(Object value) {
        if (value == null) return "";
        if (value instanceof JsonNode node) return node.isValueNode() ? node.asText() : node.toString();
        if (value instanceof Map || value instanceof List) {
            try {
                return SpecFiles.json().writer().writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return value.toString();
            }
        }
        return value;
    }

    /**
     * A text cell that a spreadsheet would run as a formula (it begins with =, +, -, @, a tab or a carriage return:
     * a label {@code =HYPERLINK(...)}) gets a leading apostrophe, as OWASP's advice on CSV injection has it. Numbers,
     * -0.5 among them, stay numbers.
     */
    static Object spreadsheetSafe(Object cell) {
        if (!(cell instanceof String text) || text.isEmpty() || "=+-@\t\r".indexOf(text.charAt(0)) < 0) return cell;
        return NUMBER.matcher(text).matches() ? cell : "'" + text;
    }

    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /**
     * Writes through a file of this process's own and a rename: concurrent writers never interleave, and a failed
     * write (a full disk) leaves no temporary file and the previous file as it was.
     */
    private void replace(String name, String content) {
        removeStaleTmpFiles(name);
        RunFolder.replace(dir, name, tmpFile(name), content);
    }

    /**
     * A writer killed between writing its temporary file and the rename (kill -9) leaves the file behind; a write
     * takes milliseconds, so one older than a minute belongs to no live writer (on any host) and is removed.
     */
    private void removeStaleTmpFiles(String name) {
        java.time.Instant old = java.time.Instant.now().minusSeconds(60);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String file = f.getFileName().toString();
                if (file.startsWith(name + ".") && file.endsWith(".tmp")
                        && Files.getLastModifiedTime(f, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(old)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            // not there yet, or not readable: the write itself says so
        }
    }

    /** The temporary file this thread writes {@code name} through. */
    Path tmpFile(String name) {
        return dir.resolve(name + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().getId() + ".tmp");
    }

    /** What {@code djlab status} shows per run. */
    public enum State {
        DONE, FAILED, RUNNING, INTERRUPTED, PENDING, PRUNED;

        /** As status prints it. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public State state(Entry entry) {
        return switch (run(entry.runId()).record().status()) {
            case Summary.COMPLETED -> State.DONE;
            case Summary.PRUNED -> State.PRUNED;
            case Summary.RUNNING -> State.RUNNING;
            case Summary.INTERRUPTED -> State.INTERRUPTED;
            case Summary.PENDING -> State.PENDING;
            default -> State.FAILED;
        };
    }

    /**
     * What status says beside a run: who trains it (host, pid) and how old their heartbeat is, or how far an
     * interrupted run got (the epochs recorded so far, of those planned); empty for the other states.
     */
    public String detail(Entry entry, State state) {
        RunFolder folder = run(entry.runId());
        return switch (state) {
            case RUNNING -> folder.lease().map(Lease.State::describe).orElse("");
            case INTERRUPTED -> {
                int done = folder.epochsRecorded();
                Integer planned = folder.epochsPlanned();
                String of = planned == null ? "" : " of " + planned;
                yield done == 0 ? "no epoch finished" + (planned == null ? "" : " (of " + planned + ")")
                        : "after epoch " + done + of;
            }
            default -> "";
        };
    }

    public Map<State, List<Entry>> states(List<Entry> runs) {
        Map<State, List<Entry>> byState = new LinkedHashMap<>();
        for (State s : State.values()) byState.put(s, new ArrayList<>());
        for (Entry e : runs) byState.get(state(e)).add(e);
        return byState;
    }
}
