package djlab.serve;

import djlab.results.RunFolder;
import djlab.results.Summary;
import djlab.results.SweepFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code djlab serve --bench N}: how the dashboard copes with a large results folder. It writes a synthetic folder of
 * N runs (sweeps of 50, ten epochs each, curves of realistic length, a few failed or unfinished) through the results
 * package, as training would, serves it on a free port and measures: start-up with the index built, the front page's
 * files and JSON over HTTP (first and median of 20), a sweep page, one poll of the folder, and memory. With
 * {@code DJLAB_BENCH_SERVE=1} it keeps serving afterwards, for a browser measurement (scripts/serve-bench.sh).
 */
public final class Bench {

    static final int RUNS_PER_SWEEP = 50;
    static final int EPOCHS = 10;
    static final int ITERATIONS_PER_EPOCH = 540;
    static final int LOG_EVERY = 20;

    private Bench() {}

    public static int run(int runs, String host, int port, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("djlab-serve-bench");
        try {
            long t0 = System.nanoTime();
            write(dir, runs);
            out.printf(Locale.ROOT, "synthetic results: %d runs in %d sweeps, %s on disk, written in %.1f s (%s)%n",
                    runs, (runs + RUNS_PER_SWEEP - 1) / RUNS_PER_SWEEP, megabytes(size(dir)), seconds(t0), dir);
            long start = System.nanoTime();
            try (Dashboard dashboard = Dashboard.start(dir, host, port)) {
                double startup = seconds(start);
                out.printf(Locale.ROOT, "start-up (index of %d runs built, server listening): %.2f s%n",
                        dashboard.runs(), startup);
                out.printf(Locale.ROOT, "memory after start-up: heap %s after GC, resident %s%n", megabytes(heapAfterGc()),
                        resident());
                HttpClient client = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + dashboard.port();
                List<String> front = List.of("/", "/static/dashboard.css", "/lib/uPlot.min.css", "/static/common.js",
                        "/static/index.js", "/api/index");
                measure(out, client, base, "front page (HTML, CSS, scripts and /api/index)", front);
                measure(out, client, base, "  /api/index alone", List.of("/api/index"));
                measure(out, client, base, "sweep page JSON (/api/sweep, " + RUNS_PER_SWEEP + " runs)",
                        List.of("/api/sweep?id=sweep-001"));
                measure(out, client, base, "run page JSON (/api/run)", List.of("/api/run?id=sweep-001/run-0001"));
                long bytes = client.send(HttpRequest.newBuilder(URI.create(base + "/api/index")).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body().length;
                out.printf(Locale.ROOT, "  /api/index is %s for %d runs%n", megabytes(bytes), runs);
                long[] polls = new long[10];
                for (int i = 0; i < polls.length; i++) {
                    long p = System.nanoTime();
                    dashboard.poll();
                    polls[i] = System.nanoTime() - p;
                }
                out.printf(Locale.ROOT, "one poll of the folder, nothing changed: median %.1f ms%n", median(polls) / 1e6);
                out.printf(Locale.ROOT, "memory after the pages: heap %s after GC, resident %s (peak %s)%n",
                        megabytes(heapAfterGc()), resident(), peakResident());
                if ("1".equals(System.getenv("DJLAB_BENCH_SERVE"))) {
                    out.println("serving " + dashboard.url() + " until stopped");
                    out.flush();
                    dashboard.join();
                }
            }
            return 0;
        } finally {
            delete(dir);
        }
    }

    private static void measure(PrintStream out, HttpClient client, String base, String what, List<String> paths)
            throws Exception {
        long[] times = new long[21];
        for (int i = 0; i < times.length; i++) {
            long t = System.nanoTime();
            for (String path : paths) {
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) throw new IllegalStateException(path + ": HTTP " + r.statusCode());
            }
            times[i] = System.nanoTime() - t;
        }
        out.printf(Locale.ROOT, "%s: first %.0f ms, then median %.0f ms, max %.0f ms%n", what, times[0] / 1e6,
                median(Arrays.copyOfRange(times, 1, times.length)) / 1e6,
                Arrays.stream(times, 1, times.length).max().orElse(0) / 1e6);
    }

    /** Writes the synthetic runs through the results package, as the training code writes real ones. */
    static void write(Path root, int runs) {
        Random random = new Random(1);
        int sweeps = (runs + RUNS_PER_SWEEP - 1) / RUNS_PER_SWEEP;
        int n = 0;
        for (int s = 1; s <= sweeps; s++) {
            String sweep = String.format(Locale.ROOT, "sweep-%03d", s);
            SweepFolder folder = new SweepFolder(root.resolve(sweep));
            List<SweepFolder.Entry> entries = new ArrayList<>();
            for (int r = 0; r < RUNS_PER_SWEEP && n < runs; r++) {
                n++;
                String runId = String.format(Locale.ROOT, "run-%04d", n);
                double lr = List.of(0.01, 0.03, 0.1, 0.3, 1.0).get(r % 5);
                boolean bn = (r / 5) % 2 == 0;
                long seed = r / 10 + 1;
                String variant = "batchnorm=" + bn + ",lr=" + lr;
                String label = variant + ",seed=" + seed;
                entries.add(new SweepFolder.Entry(r + 1, label, runId));
                writeRun(folder.run(runId), sweep, runId, label, variant, bn, lr, seed, random, r);
            }
            folder.writePlan(new SweepFolder.Plan(sweep, "experiments/" + sweep + ".yaml", entries));
            folder.writeSummary(entries);
        }
    }

    private static void writeRun(RunFolder run, String sweep, String runId, String label, String variant, boolean bn,
            double lr, long seed, Random random, int index) {
        run.writeSpec("""
                name: %s
                description: synthetic run for the dashboard's bench
                seed: %d
                data: {dataset: mnist, validation: 0.1}
                model: {type: mlp, hidden: [128, 64], activation: relu, batchnorm: %s}
                train: {epochs: %d, batch_size: 100, optimizer: {type: sgd, lr: %s, momentum: 0.9}, log_every: %d}
                """.formatted(sweep, seed, bn, EPOCHS, lr, LOG_EVERY));
        // Most runs completed; every 25th failed, every 40th stopped half way (killed: no summary).
        boolean failed = index % 25 == 24;
        boolean killed = index % 40 == 39;
        int epochs = killed ? EPOCHS / 2 : failed ? 3 : EPOCHS;
        double ceiling = 0.9 + 0.08 * random.nextDouble() + (bn ? 0.01 : 0);
        double acc = 0;
        try (RunFolder.Curve it = run.iterations(); RunFolder.Curve ep = run.epochs()) {
            for (int e = 1; e <= epochs; e++) {
                for (int i = LOG_EVERY; i <= ITERATIONS_PER_EPOCH; i += LOG_EVERY) {
                    int iteration = (e - 1) * ITERATIONS_PER_EPOCH + i;
                    double progress = 1 - Math.exp(-iteration / 800.0);
                    it.row(iteration, e, lr, 2.3 * (1 - progress) + 0.05 + 0.02 * random.nextDouble(),
                            ceiling * progress);
                }
                acc = ceiling * (1 - Math.exp(-e / 2.0)) + 0.005 * random.nextDouble();
                ep.row(e, 1 - acc, acc - 0.01, 1.02 - acc, acc, 1.03 - acc, acc - 0.002, 4.2, 4.2 * e);
            }
        }
        if (killed) return;
        Map<String, Summary.Metric> metrics = new LinkedHashMap<>();
        metrics.put("test_accuracy", new Summary.Metric(acc - 0.002, acc - 0.002, epochs));
        metrics.put("test_loss", new Summary.Metric(1.03 - acc, 1.03 - acc, epochs));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("model.batchnorm", bn);
        values.put("train.optimizer.lr", lr);
        values.put("seed", seed);
        Instant started = Instant.parse("2026-11-30T10:00:00Z").plusSeconds(index * 50L);
        run.writeSummary(new Summary(sweep, runId, label, variant, seed, values, failed ? Summary.DIVERGED : Summary.COMPLETED,
                failed ? "the training loss became NaN at iteration 1500" : null, epochs,
                epochs * ITERATIONS_PER_EPOCH, metrics, 109_386L, 42.0, 40.0, 12_800, 1080, "validate_accuracy",
                Map.of("java", "17", "djl", "0.35.1", "device", "cpu()"), started.toString(),
                started.plusSeconds(42).toString()));
    }

    static long heapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static String resident() {
        return status("VmRSS");
    }

    private static String peakResident() {
        return status("VmHWM");
    }

    /** A figure of /proc/self/status (Linux), as MB. */
    private static String status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return megabytes(kb * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux.
        }
        return "n/a (max heap " + megabytes(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax()) + ")";
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // A temporary folder: the system cleans it up in the end.
        }
    }
}
