package djlab.sweep.prune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The median stopping rule (Golovin et al., "Google Vizier", KDD 2017): at every epoch from {@code minEpochs}, stop
 * a trial whose best value so far is worse than the median of the earlier trials' running averages up to that
 * epoch. No earlier trial reached the epoch: the trial goes on.
 */
public record Median(int minEpochs) implements Pruner {

    @Override
    public List<Integer> checkpoints(int epochs) {
        return IntStream.range(minEpochs, epochs).boxed().toList();
    }

    @Override
    public Decision decide(int epoch, double[] curve, List<double[]> earlier, boolean maximise) {
        double best = curve[0];
        for (int e = 1; e < epoch; e++) best = maximise ? Math.max(best, curve[e]) : Math.min(best, curve[e]);
        List<Double> averages = new ArrayList<>();
        for (double[] c : earlier) {
            if (c.length < epoch) continue;
            double sum = 0;
            for (int e = 0; e < epoch; e++) sum += c[e];
            if (!Double.isNaN(sum)) averages.add(sum / epoch);
        }
        if (averages.isEmpty()) return new Decision(!Double.isNaN(best), "no earlier trial reached epoch " + epoch);
        Collections.sort(averages);
        int n = averages.size();
        double median = n % 2 == 1 ? averages.get(n / 2) : (averages.get(n / 2 - 1) + averages.get(n / 2)) / 2;
        boolean goOn = !Double.isNaN(best) && (maximise ? best >= median : best <= median);
        String reason = String.format(Locale.ROOT, "best so far %.4f %s the median %.4f of %d earlier trials' running "
                + "averages at epoch %d", best, goOn ? "is not worse than" : "is worse than", median, n, epoch);
        return new Decision(goOn, reason);
    }

    @Override
    public String name() {
        return "median";
    }
}
