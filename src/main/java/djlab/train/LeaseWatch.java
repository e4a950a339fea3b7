package djlab.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import djlab.results.RunClaim;

/**
 * Stops training at the next batch once the run's lease is lost (this process was suspended or cut off from a shared
 * folder for longer than its lease, and another has taken the run over), so two processes never go on training one
 * run.
 */
final class LeaseWatch extends TrainingListenerAdapter {

    /** The run was taken over by another process: this one writes nothing more. */
    static final class Lost extends RuntimeException {
        Lost() {
            super("its lease was not renewed in time and another process took the run over");
        }
    }

    private final RunClaim claim;

    LeaseWatch(RunClaim claim) {
        this.claim = claim;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        check();
    }

    /** An epoch's end writes rows (and maybe a checkpoint): worth a look at the lock itself, not only the heartbeat's view. */
    @Override
    public void onEpoch(Trainer trainer) {
        confirm();
    }

    private void check() {
        if (claim.lost()) throw new Lost();
    }

    /**
     * Before the run's final files and each checkpoint: looks at the lock itself, not only at what the last heartbeat
     * saw (a process woken from a long suspension trains on until its heartbeat thread notices the takeover).
     */
    void confirm() {
        if (claim.confirmLost()) throw new Lost();
    }
}
