package djlab.sweep.prune;

import djlab.spec.SweepSpec;
import java.util.List;

/**
 * A rule that stops weak trials early. A trial is trained to each of {@link #checkpoints} in turn and asked about
 * there; its curve and the earlier trials' curves are the objective per epoch, mean over each trial's seeds
 * (index 0 = epoch 1). Which earlier trials are compared is the caller's (a fixed set, so the decision is the same
 * in every process).
 */
public interface Pruner {

    /** Whether the trial goes on, and if not, why (one line for summary.json and the terminal). */
    record Decision(boolean goOn, String reason) {}

    /** The epochs (< epochs, ascending) at the end of which a trial is judged. */
    List<Integer> checkpoints(int epochs);

    Decision decide(int epoch, double[] curve, List<double[]> earlier, boolean maximise);

    /** The rung of a checkpoint epoch: its place in {@link #checkpoints} from 0. */
    default int rung(int epoch, int epochs) {
        return checkpoints(epochs).indexOf(epoch);
    }

    String name();

    static Pruner of(SweepSpec.Prune prune) {
        if (prune == null) return null;
        return switch (prune.type()) {
            case SweepSpec.Prune.ASHA -> new Asha(prune.minEpochsOrDefault(), prune.etaOrDefault());
            case SweepSpec.Prune.MEDIAN -> new Median(prune.minEpochsOrDefault());
            default -> null;
        };
    }
}
