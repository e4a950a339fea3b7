package djlab.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a progress bar per epoch with the latest loss and accuracy on a terminal, or plain
 * lines (at most every few seconds, and one per epoch) when the output is a log or CI.
 */
public final class ProgressDisplay extends TrainingListenerAdapter {

    private static final long LINE_INTERVAL_NANOS = 10_000_000_000L;

    private final CurveRecorder recorder;
    private final String title;
    private final int epochs;
    private final int batchesPerEpoch;
    private final boolean terminal;
    private final PrintStream out;
    private ProgressBar bar;
    private long lastLine;

    public ProgressDisplay(CurveRecorder recorder, String title, int epochs, int batchesPerEpoch, boolean terminal,
            PrintStream out) {
        this.recorder = recorder;
        this.title = title;
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        this.terminal = terminal;
        this.out = out;
        recorder.onEpochRecorded(this::epochDone);
    }

    /** True when stderr is an interactive terminal. */
    public static boolean isTerminal() {
        return System.console() != null && System.getenv("CI") == null;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        lastLine = System.nanoTime();
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        CurveRecorder.Window w = recorder.lastWindow();
        if (terminal) {
            if (bar == null) {
                bar = new ProgressBarBuilder()
                        .setTaskName(String.format("%s epoch %d/%d", title, recorder.epoch(), epochs))
                        .setInitialMax(batchesPerEpoch)
                        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                        .setConsumer(new ConsoleProgressBarConsumer(out))
                        .setUpdateIntervalMillis(250)
                        .setUnit(" it", 1)
                        .showSpeed()
                        .build();
            }
            bar.step();
            if (w != null) bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f acc %.4f", w.loss(), w.accuracy()));
        } else if (w != null && System.nanoTime() - lastLine > LINE_INTERVAL_NANOS) {
            lastLine = System.nanoTime();
            out.printf(Locale.ROOT, "%s epoch %d/%d iteration %d: loss %.4f accuracy %.4f lr %.3g%n",
                    title, w.epoch(), epochs, w.iteration(), w.loss(), w.accuracy(), w.lr());
        }
    }

    private void epochDone() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        CurveRecorder.EpochRow row = recorder.epochs().get(recorder.epochs().size() - 1);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s epoch %d/%d: train loss %.4f acc %.4f",
                title, row.epoch(), epochs, row.train().loss(), row.train().accuracy()));
        if (row.validate() != null) {
            line.append(String.format(Locale.ROOT, ", validate loss %.4f acc %.4f", row.validate().loss(), row.validate().accuracy()));
        }
        line.append(String.format(Locale.ROOT, ", test loss %.4f acc %.4f (%.1f s)", row.test().loss(), row.test().accuracy(),
                row.epochSeconds()));
        out.println(line);
        lastLine = System.nanoTime();
    }

    @Override
    public void onTrainingEnd(Trainer trainer) {
        if (bar != null) bar.close();
    }
}
