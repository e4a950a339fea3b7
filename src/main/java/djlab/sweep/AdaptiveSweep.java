package djlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.results.Summary;
import com.fasterxml.jackson.databind.node.ObjectNode;
import djlab.results.DecisionLog;
import djlab.results.SweepFolder;
import djlab.spec.SpecFiles;
import djlab.sweep.prune.Pruner;
import djlab.train.RunPlan;
import djlab.train.Runner;
import djlab.train.StopRequest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an adaptive sweep: trial k starts once trials 1..k-in_flight have finished (in this process, another
 * thread, or another shard writing into the same folder), with the point the search proposes from them. A trial's
 * result is the mean of the objective's last value over its seeds, read from its runs' summaries, so every process
 * sees the same history and proposes the same trials; a resumed sweep skips the runs that completed and proposes the
 * same ones again. A trial whose runs failed or diverged counts as the worst and is not trained again.
 */
public final class AdaptiveSweep {

    /** How long a trial another shard should be running may sit unclaimed before this process trains it itself. */
    static final long TAKE_OVER_MILLIS = 5_000;
    private static final long POLL_MILLIS = 200;

    private final AdaptivePlan plan;
    private final int parallel;
    private final boolean restart;
    private final boolean terminal;
    private final PrintStream out;
    private final Set<Integer> taken = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Double> results = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> seedCounts = new ConcurrentHashMap<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger elsewhere = new AtomicInteger();
    private final AtomicInteger pruned = new AtomicInteger();
    private final Pruner pruner;
    private final DecisionLog log;
    private static final List<String> INCIDENTAL = List.of("process", "time");
    private static final String HOST = host();

    public AdaptiveSweep(AdaptivePlan plan, int parallel, boolean restart, boolean terminal, PrintStream out) {
        this.plan = plan;
        this.parallel = parallel;
        this.restart = restart;
        this.terminal = terminal;
        this.out = out;
        this.pruner = plan.pruner();
        this.log = new DecisionLog(plan.folder().dir());
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** Thrown to the workers' loop when a signal asks the sweep to stop. */
    private static final class Stopped extends RuntimeException {}

    /** Trains this shard's trials ({@code index} of {@code count}: trials index+1, index+1+count, ...). */
    public SweepRunner.Tally run(int index, int count) {
        List<Integer> mine = new ArrayList<>();
        for (int k = index + 1; k <= plan.trials(); k += count) mine.add(k);
        AtomicInteger next = new AtomicInteger();
        // Workers take trials in order, so the earliest unfinished trial is always being trained or waited for
        // by its owner: nobody waits on a trial that nobody will start.
        Runnable worker = () -> {
            try {
                for (int i = next.getAndIncrement(); i < mine.size() && !StopRequest.requested(); i = next.getAndIncrement()) {
                    int k = mine.get(i);
                    if (!taken.add(k)) continue;
                    for (int j = 1; j <= history(k); j++) awaitResult(j);
                    train(k);
                }
            } catch (Stopped e) {
                // a signal: no further trial starts
            }
        };
        SweepRunner.runAll(java.util.Collections.nCopies(Math.max(1, parallel), worker), parallel);
        writeTables();
        return new SweepRunner.Tally(completed.get(), skipped.get(), failed.get(), elsewhere.get());
    }

    /** {@code --smoke}: the first run of the first trial (the spec's smoke settings applied by the plan). */
    public SweepRunner.Tally smoke() {
        String outcome = SweepRunner.attempt(runs(1).get(0), false, restart, new Runner.Display(terminal, out), 0);
        return new SweepRunner.Tally(outcome.equals(Summary.COMPLETED) ? 1 : 0, 0,
                outcome.equals(Summary.COMPLETED) ? 0 : 1, 0);
    }

    /** The values of trial k; its dependencies' results must be known. */
    public Map<String, JsonNode> point(int k) {
        return plan.rules().point(k, j -> result(j).orElseThrow(() -> new IllegalStateException("trial " + j + " has no result yet")));
    }

    private List<RunPlan> runs(int k) {
        return plan.runs(k, point(k));
    }

    /**
     * Trial j's result once every run of it has ended for good: the mean over its seeds of the objective's last
     * value, NaN when one failed or diverged.
     */
    Optional<Double> result(int j) {
        Double known = results.get(j);
        if (known != null) return Optional.of(known);
        for (int i = 1; i <= plan.search().dependsOn(j); i++) {
            if (result(i).isEmpty()) return Optional.empty();
        }
        Optional<Integer> n = seedsOf(j);
        if (n.isEmpty()) return Optional.empty();
        double[] finals = finals(runs(j).subList(0, n.get()));
        double mean = java.util.Arrays.stream(finals).sum() / finals.length;
        results.put(j, mean);
        return Optional.of(mean);
    }

    /** The objective's last value of each run, NaN for one that did not complete or is not over. */
    private double[] finals(List<RunPlan> runs) {
        double[] out = new double[runs.size()];
        for (int i = 0; i < out.length; i++) {
            Optional<Summary> s = runs.get(i).folder().summary();
            Summary.Metric m = s.isPresent() && s.get().completed() ? s.get().metrics().get(plan.objective().metric()) : null;
            out[i] = m == null ? Double.NaN : m.last();
        }
        return out;
    }

    /**
     * How many seeds trial j has for good once each of them has ended: the first min seeds, and with racing as many
     * more as its races gave it (replayed from the runs' summaries, so every process counts alike); empty while a
     * run of it is not over or a race of it is still to be run.
     */
    Optional<Integer> seedsOf(int j) {
        Integer known = seedCounts.get(j);
        if (known != null) return Optional.of(known);
        List<RunPlan> runs = runs(j);
        int n = plan.minSeeds();
        while (true) {
            for (RunPlan run : runs.subList(0, n)) {
                Optional<Summary> s = run.folder().summary();
                if (s.isEmpty() || !finalStatus(s.get().status())) return Optional.empty();
            }
            if (n == runs.size() || java.util.Arrays.stream(finals(runs.subList(0, n))).anyMatch(Double::isNaN)) break;
            Optional<SeedRace> race = race(j, n);
            if (race.isEmpty()) return Optional.empty();
            if (!race.get().more()) break;
            n++;
        }
        seedCounts.put(j, n);
        return Optional.of(n);
    }

    /**
     * Whether trial j, completed with n seeds, gets another: while the 95% interval of its mean overlaps that of
     * the best trial among 1..history(j) (Student's t over each one's seeds); with no earlier trial completed it is
     * the reference and gets every seed. Empty while an earlier trial's result is not known.
     */
    Optional<SeedRace> race(int j, int n) {
        SeedRace.Interval mine = SeedRace.Interval.of(finals(runs(j).subList(0, n)));
        int bestTrial = 0;
        double bestMean = Double.NaN;
        for (int i = 1; i <= history(j); i++) {
            Optional<Double> r = result(i);
            if (r.isEmpty()) return Optional.empty();
            if (r.get().isNaN()) continue;
            if (bestTrial == 0 || (plan.objective().maximise() ? r.get() > bestMean : r.get() < bestMean)) {
                bestTrial = i;
                bestMean = r.get();
            }
        }
        if (bestTrial == 0) return Optional.of(new SeedRace(true, mine, 0, null));
        SeedRace.Interval best = SeedRace.Interval.of(finals(runs(bestTrial).subList(0, seedsOf(bestTrial).orElseThrow())));
        return Optional.of(new SeedRace(mine.overlaps(best), mine, bestTrial, best));
    }

    static boolean finalStatus(String status) {
        return Summary.COMPLETED.equals(status) || Summary.FAILED.equals(status) || Summary.DIVERGED.equals(status)
                || Summary.PRUNED.equals(status);
    }

    /** The earlier trials trial k must wait for (see {@link AdaptiveRules#history}). */
    int history(int k) {
        return plan.rules().history(k);
    }

    /**
     * Trial j's curve of the objective: per epoch, the mean over its seeds, as far as every seed got (from the runs'
     * epochs.csv).
     */
    double[] curve(int j) {
        List<RunPlan> runs = runs(j).subList(0, seedsOf(j).orElse(plan.minSeeds()));
        double[] sum = null;
        for (RunPlan run : runs) {
            double[] c = EpochCurves.column(run.folder().dir().resolve(djlab.results.RunFolder.EPOCHS), plan.objective().metric());
            if (sum == null) {
                sum = c;
            } else {
                double[] shorter = new double[Math.min(sum.length, c.length)];
                for (int e = 0; e < shorter.length; e++) shorter[e] = sum[e] + c[e];
                sum = shorter;
            }
        }
        for (int e = 0; e < sum.length; e++) sum[e] /= runs.size();
        return sum;
    }

    /**
     * Waits for trial j's result. A trial left unclaimed (its shard killed or gone) is trained here after
     * {@link #TAKE_OVER_MILLIS}; the runs' locks keep two processes from training one run.
     */
    private void awaitResult(int j) {
        for (int i = 1; i <= plan.search().dependsOn(j); i++) awaitResult(i);
        long unclaimedSince = System.currentTimeMillis();
        while (result(j).isEmpty()) {
            if (StopRequest.requested()) throw new Stopped();
            boolean held = taken.contains(j) || runs(j).stream().anyMatch(r -> r.folder().isLocked());
            if (held) unclaimedSince = System.currentTimeMillis();
            if (!held && System.currentTimeMillis() - unclaimedSince >= TAKE_OVER_MILLIS && taken.add(j)) {
                train(j);
                continue;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }
    }

    private void train(int k) {
        List<RunPlan> runs = runs(k).subList(0, plan.minSeeds());
        int from = plan.search().dependsOn(k);
        String how = k <= plan.startup() ? "startup, drawn at random"
                : from == 0 ? "tpe, no trial finished before it" : "tpe, from trials 1.." + from;
        out.printf("[trial %d/%d] %s (%s)%n", k, plan.trials(), runs.get(0).label().variant(), how);
        ObjectNode proposed = decision(k, "proposed");
        proposed.set("values", SpecFiles.json().valueToTree(point(k)));
        proposed.put("from_trials", from);
        log(proposed);
        if (pruner != null) {
            int epochs = runs.get(0).spec().train().epochs();
            for (int epoch : pruner.checkpoints(epochs)) {
                if (!trainTo(runs, epoch)) return;
                int rung = pruner.rung(epoch, epochs);
                Optional<Summary> ended = runs.stream().map(r -> r.folder().summary()).flatMap(Optional::stream)
                        .filter(x -> Summary.FAILED.equals(x.status()) || Summary.DIVERGED.equals(x.status())).findFirst();
                String reason;
                boolean goOn;
                double value = Double.NaN;
                if (ended.isPresent()) {
                    // A seed that failed or diverged makes the trial's result the worst: the others stop here too.
                    reason = "seed " + ended.get().seed() + " " + ended.get().status();
                    goOn = false;
                } else {
                    double[] curve = curve(k);
                    value = curve.length >= epoch ? curve[epoch - 1] : Double.NaN;
                    Pruner.Decision decision = plan.rules().judge(k, epoch, this::curve);
                    reason = decision.reason();
                    goOn = decision.goOn();
                }
                ObjectNode judged = decision(k, "rung");
                judged.put("rung", rung);
                judged.put("epoch", epoch);
                if (!Double.isNaN(value)) judged.put("value", value);
                judged.put("decision", goOn ? "go on" : "pruned");
                judged.put("reason", reason);
                log(judged);
                if (!goOn) {
                    prune(runs, rung, epoch, reason);
                    out.printf("  trial %d: pruned at rung %d (epoch %d): %s%n", k, rung, epoch, reason);
                    finished(k, Summary.PRUNED);
                    writeTables();
                    return;
                }
                out.printf("  trial %d: goes on from rung %d (epoch %d): %s%n", k, rung, epoch, reason);
            }
        }
        if (!trainTo(runs, 0)) return;
        if (plan.racing() && !race(k)) return;
        int seeds = seedsOf(k).orElse(runs.size());
        result(k).ifPresent(r -> {
            out.printf(Locale.ROOT, "  trial %d: %s %.4f (mean over %d seed%s)%n", k, plan.objective().metric(), r,
                    seeds, seeds == 1 ? "" : "s");
            finished(k, r.isNaN() ? Summary.FAILED : Summary.COMPLETED);
        });
        writeTables();
    }

    /**
     * Races a completed trial: one more seed at a time while its interval overlaps the best's, each decision logged;
     * false when a signal stopped it.
     */
    private boolean race(int k) {
        List<RunPlan> all = runs(k);
        for (int n = plan.minSeeds(); n < all.size(); n++) {
            if (java.util.Arrays.stream(finals(all.subList(0, n))).anyMatch(Double::isNaN)) return true;
            Optional<SeedRace> race = race(k, n);
            if (race.isEmpty()) throw new IllegalStateException("trial " + k + " raced before its history was known");
            SeedRace r = race.get();
            ObjectNode d = decision(k, "race");
            d.put("seeds", n);
            d.put("mean", r.mine().mean());
            if (r.mine().bounded()) d.set("interval", SpecFiles.json().valueToTree(List.of(r.mine().low(), r.mine().high())));
            if (r.bestTrial() > 0) {
                d.put("best_trial", r.bestTrial());
                d.put("best_mean", r.best().mean());
                if (r.best().bounded()) d.set("best_interval", SpecFiles.json().valueToTree(List.of(r.best().low(), r.best().high())));
            }
            d.put("decision", r.more() ? "add a seed" : "stop");
            d.put("reason", r.reason());
            log(d);
            out.printf("  trial %d: %s with %d seeds: %s%n", k, r.more() ? "one more seed" : "no more seeds", n, r.reason());
            if (!r.more()) return true;
            if (!trainTo(List.of(all.get(n)), 0)) return false;
        }
        return true;
    }

    private ObjectNode decision(int k, String event) {
        ObjectNode d = SpecFiles.json().createObjectNode();
        d.put("trial", k);
        d.put("event", event);
        return d;
    }

    private void finished(int k, String status) {
        ObjectNode d = decision(k, "finished");
        d.put("status", status);
        d.put("metric", plan.objective().metric());
        d.put("mode", plan.objective().mode());
        result(k).filter(r -> !r.isNaN()).ifPresent(r -> d.put("value", r));
        log(d);
    }

    /** Appends to the sweep's decision log, saying who decided when (not compared between processes). */
    private void log(ObjectNode decision) {
        decision.put("process", ProcessHandle.current().pid() + "@" + HOST);
        decision.put("time", java.time.Instant.now().toString());
        log.append(decision, INCIDENTAL);
    }

    /**
     * Trains each run of a trial to the end of {@code epoch} (0: to its end), skipping runs already there or
     * ended for good; false when a signal stopped it.
     */
    private boolean trainTo(List<RunPlan> runs, int epoch) {
        for (RunPlan run : runs) {
            if (StopRequest.requested()) throw new Stopped();
            Optional<Summary> s = run.folder().summary();
            if (s.isPresent() && finalStatus(s.get().status()) && !s.get().completed()) {
                // Its result is part of the history later trials were proposed from: not trained again.
                out.println("  " + run.label().label() + ": " + s.get().status() + " before, kept as the trial's result");
                skipped.incrementAndGet();
                continue;
            }
            if (epoch > 0 && s.isPresent() && s.get().status().equals(Summary.INTERRUPTED) && s.get().epochsCompleted() >= epoch) {
                continue;
            }
            String outcome = SweepRunner.attempt(run, false, restart, new Runner.Display(terminal && parallel <= 1, out), epoch);
            switch (outcome) {
                case Summary.COMPLETED -> completed.incrementAndGet();
                case SweepRunner.SKIPPED -> { if (epoch == 0) skipped.incrementAndGet(); }
                case SweepRunner.ELSEWHERE -> elsewhere.incrementAndGet();
                case SweepRunner.PAUSED -> { }
                case Summary.INTERRUPTED -> { return false; }
                default -> failed.incrementAndGet();
            }
        }
        return !StopRequest.requested();
    }

    /** Records every run of a trial as pruned, with its curves kept and its checkpoint removed. */
    private void prune(List<RunPlan> runs, int rung, int epoch, String reason) {
        Map<String, Object> why = new java.util.LinkedHashMap<>();
        why.put("rung", rung);
        why.put("epoch", epoch);
        why.put("rule", pruner.name());
        why.put("reason", reason);
        for (RunPlan run : runs) {
            Optional<Summary> s = run.folder().summary();
            if (s.isEmpty() || finalStatus(s.get().status())) continue;
            run.folder().writeSummary(s.get().asPruned(why));
            pruned.incrementAndGet();
            new djlab.results.RunCheckpoint(run.folder()).delete();
        }
    }

    public int pruned() {
        return pruned.get();
    }

    /** The trials whose values are known now (their dependencies have results), in order. */
    public List<RunPlan> knownRuns() {
        List<RunPlan> known = new ArrayList<>();
        for (int k = 1; k <= plan.trials(); k++) {
            boolean ready = true;
            for (int j = 1; j <= plan.search().dependsOn(k) && ready; j++) ready = result(j).isPresent();
            if (!ready) break;
            List<RunPlan> all = runs(k);
            int n = seedsOf(k).orElseGet(() -> {
                // Still racing: the seeds it has so far.
                int m = plan.minSeeds();
                while (m < all.size() && all.get(m).folder().summary().isPresent()) m++;
                return m;
            });
            known.addAll(all.subList(0, n));
        }
        return known;
    }

    /** The best trial with a result: its number and result; empty when none has one. */
    public Optional<Map.Entry<Integer, Double>> best() {
        Map.Entry<Integer, Double> best = null;
        for (int k = 1; k <= plan.trials(); k++) {
            Optional<Double> r;
            try {
                r = result(k);
            } catch (IllegalStateException e) {
                break;
            }
            if (r.isEmpty() || r.get().isNaN()) continue;
            boolean better = best == null || (plan.objective().maximise() ? r.get() > best.getValue() : r.get() < best.getValue());
            if (better) best = Map.entry(k, r.get());
        }
        return Optional.ofNullable(best);
    }

    private void writeTables() {
        SweepFolder folder = plan.folder();
        synchronized (folder) {
            List<SweepFolder.Entry> entries = new ArrayList<>();
            List<RunPlan> known = knownRuns();
            for (int i = 0; i < known.size(); i++) {
                entries.add(new SweepFolder.Entry(i + 1, known.get(i).label().label(), known.get(i).runId()));
            }
            // Another shard may know more trials: plan.json keeps the longer list, which starts with this one.
            Optional<SweepFolder.Plan> before = folder.plan();
            if (before.isEmpty() || before.get().runs().size() <= entries.size()) {
                folder.writePlan(new SweepFolder.Plan(plan.name(), plan.specFile(), entries));
            }
            folder.writeSummary(entries);
        }
    }
}
