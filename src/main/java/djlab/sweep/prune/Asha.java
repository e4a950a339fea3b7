package djlab.sweep.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020):
 * rungs at {@code minEpochs * eta^k} epochs; a trial that reaches a rung goes on only if it is in the top 1/eta of
 * the trials that reached that rung before it (always at least the best one), without waiting for others.
 */
public record Asha(int minEpochs, int eta) implements Pruner {

    @Override
    public List<Integer> checkpoints(int epochs) {
        List<Integer> rungs = new ArrayList<>();
        for (long e = minEpochs; e < epochs; e *= eta) rungs.add((int) e);
        return rungs;
    }

    @Override
    public Decision decide(int epoch, double[] curve, List<double[]> earlier, boolean maximise) {
        double mine = curve[epoch - 1];
        List<Double> rung = new ArrayList<>();
        for (double[] c : earlier) if (c.length >= epoch && !Double.isNaN(c[epoch - 1])) rung.add(c[epoch - 1]);
        int better = 0;
        for (double v : rung) if (maximise ? v > mine : v < mine) better++;
        int n = rung.size() + 1;
        int keep = Math.max(1, n / eta);
        boolean goOn = !Double.isNaN(mine) && better < keep;
        String reason = String.format(Locale.ROOT, "rank %d of %d trials at rung %d (epoch %d); the top %d go on",
                better + 1, n, rung(epoch, Integer.MAX_VALUE), epoch, keep);
        return new Decision(goOn, reason);
    }

    @Override
    public String name() {
        return "asha";
    }
}
