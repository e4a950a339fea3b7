package djlab.serve;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.results.RunFolder;
import djlab.results.SweepFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Keeps the dashboard's index of the results folder by polling the sizes and times of files, since file-change
 * notifications do not work on the shared file systems of clusters. A folder is listed again only when its own
 * time changed (a run folder was added or removed); each known run costs a few file-attribute reads per poll, one
 * when it has completed. Everything it finds changed is handed to a listener (the event stream).
 */
final class Watcher implements AutoCloseable {

    /** Run folders sit at most this deep: results/, results/name/, results/name/run-id/. */
    static final int MAX_DEPTH = 3;

    /** One poll's news. */
    record Change(List<RunEntry.Row> runs, List<RunEntry.Growth> growth, List<String> gone, List<Sweep> sweeps) {
        boolean isEmpty() {
            return runs.isEmpty() && growth.isEmpty() && gone.isEmpty() && sweeps.isEmpty();
        }
    }

    /** The front page's row of a sweep (any folder holding runs): its runs' states added up. */
    record Sweep(String id, String name, int planned, int runs, Map<String, Integer> states, String status,
            Double bestAccuracy, Long started, Double seconds, long version) {}

    private final ResultsRoot root;
    private final long intervalMillis;
    private final Map<String, RunEntry> runs = new ConcurrentHashMap<>();
    private final Map<Path, Listing> listings = new HashMap<>();
    private final Map<String, Plan> plans = new HashMap<>();
    private volatile Map<String, Sweep> sweeps = Map.of();
    private volatile Consumer<Change> listener = c -> {};
    private final Thread thread;
    private volatile boolean running = true;
    private long sweepVersion;
    private long polls;

    /** Every this many polls, completed runs are looked at too (one read of their summary's time each). */
    static final int FULL_EVERY = 10;

    private record Listing(RunEntry.Stamp stamp, List<Path> children) {}

    private record Plan(RunEntry.Stamp stamp, int planned, String name) {}

    Watcher(ResultsRoot root, long intervalMillis) {
        this.root = root;
        this.intervalMillis = intervalMillis;
        poll();
        this.thread = new Thread(this::loop, "djlab-serve-watcher");
        thread.setDaemon(true);
    }

    void start(Consumer<Change> listener) {
        this.listener = listener;
        thread.start();
    }

    Collection<RunEntry> runs() {
        return runs.values();
    }

    RunEntry run(String id) {
        return runs.get(id);
    }

    Map<String, Sweep> sweeps() {
        return sweeps;
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            try {
                Change change = poll();
                if (!change.isEmpty()) listener.accept(change);
            } catch (RuntimeException e) {
                // A folder that vanished mid-look: the next poll sees the results as they are by then.
            }
        }
    }

    /** Looks at the results folder once; what changed since the last look. */
    synchronized Change poll() {
        boolean all = polls++ % FULL_EVERY == 0;
        Set<String> seen = new java.util.HashSet<>();
        walk(root.path(), 0, seen);
        List<String> gone = new ArrayList<>();
        for (String id : List.copyOf(runs.keySet())) {
            if (!seen.contains(id)) {
                runs.remove(id);
                gone.add(id);
            }
        }
        List<RunEntry.Row> rows = new ArrayList<>();
        List<RunEntry.Growth> growth = new ArrayList<>();
        Set<String> touched = new java.util.HashSet<>();
        for (RunEntry run : runs.values()) {
            List<RunEntry.Growth> g = run.refresh(all);
            if (g == null) continue;
            rows.add(run.row());
            growth.addAll(g);
            touched.add(run.sweep);
        }
        boolean plansChanged = readPlans();
        List<Sweep> changedSweeps = new ArrayList<>();
        if (!rows.isEmpty() || !gone.isEmpty() || plansChanged) changedSweeps = rebuildSweeps();
        return new Change(rows, growth, gone, changedSweeps);
    }

    /** Finds run folders, listing a folder again only when its time says its entries changed. */
    private void walk(Path dir, int depth, Set<String> seen) {
        String id = root.id(dir);
        if (runs.containsKey(id)) {
            // Still listed by its parent, so still there.
            seen.add(id);
            return;
        }
        if (isRun(dir)) {
            String sweep = dir.equals(root.path()) ? null : root.id(dir.getParent());
            runs.put(id, new RunEntry(id, sweep, dir));
            seen.add(id);
            return;
        }
        if (depth >= MAX_DEPTH) return;
        for (Path child : children(dir)) walk(child, depth + 1, seen);
    }

    /** A folder's sub-folders, listed again only when the folder's time changed (an entry added or removed). */
    private List<Path> children(Path dir) {
        RunEntry.Stamp stamp = RunEntry.Stamp.of(dir);
        Listing old = listings.get(dir);
        if (old != null && old.stamp().equals(stamp)) return old.children();
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.filter(Files::isDirectory).filter(root::inside).sorted().toList();
        } catch (IOException e) {
            children = List.of();
        }
        // A folder changed within the file system's time resolution could change again unseen: list it again.
        if (System.currentTimeMillis() - stamp.modified() > 2000) listings.put(dir, new Listing(stamp, children));
        else listings.remove(dir);
        return children;
    }

    private static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunFolder.SUMMARY)) || Files.isRegularFile(dir.resolve(RunFolder.SPEC));
    }

    /** Reads each sweep's plan.json again when it changed; true when any did. */
    private boolean readPlans() {
        boolean changed = false;
        Set<String> sweepIds = new java.util.HashSet<>();
        for (RunEntry run : runs.values()) if (run.sweep != null) sweepIds.add(run.sweep);
        for (String id : sweepIds) {
            Path file = root.path().resolve(id).resolve(SweepFolder.PLAN);
            RunEntry.Stamp stamp = RunEntry.Stamp.of(file);
            Plan old = plans.get(id);
            if (old != null && old.stamp().equals(stamp)) continue;
            int planned = 0;
            String name = null;
            if (stamp.exists()) {
                try {
                    JsonNode plan = Json.MAPPER.readTree(file.toFile());
                    planned = plan.path("runs").size();
                    name = plan.path("sweep").asText(null);
                } catch (IOException e) {
                    // Being replaced: read again next time its stamp changes.
                }
            }
            plans.put(id, new Plan(stamp, planned, name));
            changed = true;
        }
        plans.keySet().retainAll(sweepIds);
        return changed;
    }

    private List<Sweep> rebuildSweeps() {
        Map<String, List<RunEntry.Row>> bySweep = new TreeMap<>();
        for (RunEntry run : runs.values()) {
            if (run.sweep != null && run.row() != null) bySweep.computeIfAbsent(run.sweep, k -> new ArrayList<>()).add(run.row());
        }
        Map<String, Sweep> next = new LinkedHashMap<>();
        List<Sweep> changed = new ArrayList<>();
        for (Map.Entry<String, List<RunEntry.Row>> e : bySweep.entrySet()) {
            Plan plan = plans.get(e.getKey());
            Sweep fresh = sweep(e.getKey(), e.getValue(), plan);
            Sweep old = sweeps.get(e.getKey());
            if (old != null && old.equals(withVersion(fresh, old.version()))) {
                next.put(e.getKey(), old);
            } else {
                Sweep versioned = withVersion(fresh, ++sweepVersion);
                next.put(e.getKey(), versioned);
                changed.add(versioned);
            }
        }
        sweeps = next;
        return changed;
    }

    private static Sweep withVersion(Sweep s, long version) {
        return new Sweep(s.id(), s.name(), s.planned(), s.runs(), s.states(), s.status(), s.bestAccuracy(),
                s.started(), s.seconds(), version);
    }

    private static Sweep sweep(String id, List<RunEntry.Row> rows, Plan plan) {
        Map<String, Integer> states = new TreeMap<>();
        Double best = null;
        Long started = null;
        long end = 0;
        for (RunEntry.Row r : rows) {
            states.merge(r.status(), 1, Integer::sum);
            if (r.bestAccuracy() != null && (best == null || r.bestAccuracy() > best)) best = r.bestAccuracy();
            if (r.started() != null) {
                if (started == null || r.started() < started) started = r.started();
                if (r.seconds() != null) end = Math.max(end, r.started() + (long) (r.seconds() * 1000));
            }
        }
        int planned = plan == null || plan.planned() == 0 ? rows.size() : Math.max(plan.planned(), rows.size());
        // A pruned run is over by the adaptive sweep's own decision: the sweep is done once the others completed.
        int completed = states.getOrDefault("completed", 0) + states.getOrDefault("pruned", 0);
        String status;
        if (states.containsKey("running")) status = "running";
        else if (completed == planned) status = "completed";
        else if (states.containsKey("failed") || states.containsKey("diverged") || states.containsKey("unreadable")) status = "failed";
        else status = "interrupted";
        String name = plan != null && plan.name() != null ? plan.name()
                : id.equals(".") ? "." : id.substring(id.lastIndexOf('/') + 1);
        Double seconds = started == null || end == 0 ? null : (end - started) / 1000.0;
        return new Sweep(id, name, planned, rows.size(), states, status, best, started, seconds, 0);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
