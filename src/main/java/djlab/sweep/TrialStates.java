package djlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.results.DecisionLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code djlab status} says about an adaptive sweep's trials, from its decision log: each trial's state
 * (proposed, at a rung, racing for another seed, completed, pruned at a rung, failed), its last value and the best so
 * far.
 */
public final class TrialStates {

    private TrialStates() {}

    /** One line per trial the log knows, in trial order; empty for a sweep without a log. */
    public static List<String> lines(Path sweepDir) {
        Map<Integer, JsonNode> last = new TreeMap<>();
        Map<Integer, JsonNode> lastRung = new TreeMap<>();
        Map<Integer, JsonNode> lastRace = new TreeMap<>();
        Map<Integer, String> values = new TreeMap<>();
        for (JsonNode d : new DecisionLog(sweepDir).read()) {
            int trial = d.path("trial").asInt();
            last.put(trial, d);
            if (d.path("event").asText().equals("rung")) lastRung.put(trial, d);
            if (d.path("event").asText().equals("race")) lastRace.put(trial, d);
            if (d.path("event").asText().equals("proposed")) values.put(trial, describe(d.path("values")));
        }
        List<String> lines = new ArrayList<>();
        Double best = null;
        int bestTrial = 0;
        for (Map.Entry<Integer, JsonNode> e : last.entrySet()) {
            int trial = e.getKey();
            JsonNode d = e.getValue();
            JsonNode rung = lastRung.get(trial);
            String state = switch (d.path("event").asText()) {
                case "proposed" -> "running";
                case "rung" -> "running, past rung " + d.path("rung").asInt() + " (epoch " + d.path("epoch").asInt() + ")";
                case "race" -> d.path("decision").asText().equals("stop") ? "running"
                        : "racing, training seed " + (d.path("seeds").asInt() + 1);
                default -> d.path("status").asText() + (rung == null ? ""
                        : d.path("status").asText().equals("pruned")
                                ? " at rung " + rung.path("rung").asInt() + " (epoch " + rung.path("epoch").asInt() + ")"
                                : ", past rung " + rung.path("rung").asInt());
            };
            JsonNode race = lastRace.get(trial);
            if (race != null && d.path("event").asText().equals("finished")) {
                // Seed racing: the seeds it ended with.
                state += ", " + (race.path("seeds").asInt() + (race.path("decision").asText().equals("stop") ? 0 : 1)) + " seeds";
            }
            String value = "";
            if (d.has("value")) {
                double v = d.path("value").asDouble();
                value = String.format(Locale.ROOT, "%.4f", v);
                boolean min = d.path("mode").asText().equals("min");
                if (best == null || (min ? v < best : v > best)) {
                    best = v;
                    bestTrial = trial;
                }
            } else if (rung != null && rung.has("value")) {
                value = String.format(Locale.ROOT, "%.4f at epoch %d", rung.path("value").asDouble(), rung.path("epoch").asInt());
            }
            String bestSoFar = best == null ? "" : String.format(Locale.ROOT, "best so far %.4f (trial %d)", best, bestTrial);
            lines.add(String.format(Locale.ROOT, "  trial %-4d %-36s %-22s %-28s %s", trial, state, value, bestSoFar,
                    values.getOrDefault(trial, "")));
        }
        return lines;
    }

    private static String describe(JsonNode values) {
        List<String> parts = new ArrayList<>();
        values.fields().forEachRemaining(f -> parts.add(f.getKey().substring(f.getKey().lastIndexOf('.') + 1) + "="
                + (f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString())));
        return String.join(",", parts);
    }
}
