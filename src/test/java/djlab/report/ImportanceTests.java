package djlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The forest's importance on generated trials whose objective depends on known fields by known amounts. */
class ImportanceTests {

    private static final List<String> FIELDS = List.of("lr", "momentum", "optimizer");
    private static final List<Importance.Column> COLUMNS = List.of(new Importance.Column("lr", "lr"),
            new Importance.Column("momentum", "momentum"), new Importance.Column("optimizer=sgd", "optimizer"),
            new Importance.Column("optimizer=adam", "optimizer"), new Importance.Column("optimizer=rmsprop", "optimizer"));

    /** 60 trials: the objective moves 0.5 over lr's range, 0.15 with the optimizer, not at all with momentum. */
    private static double[] trials(List<double[]> rows, long seed) {
        Random random = new Random(seed);
        double[] y = new double[60];
        for (int i = 0; i < y.length; i++) {
            double logLr = -4 + 4 * random.nextDouble();
            double momentum = random.nextDouble();
            int optimizer = random.nextInt(3);
            rows.add(new double[] {logLr, momentum, optimizer == 0 ? 1 : 0, optimizer == 1 ? 1 : 0, optimizer == 2 ? 1 : 0});
            y[i] = 0.9 - 0.5 * Math.abs(logLr + 1.5) / 2.5 + (optimizer == 1 ? 0.15 : 0) + 0.01 * random.nextGaussian();
        }
        return y;
    }

    @Test
    void ranksTheFieldsByHowMuchTheyMoveTheObjective() {
        List<double[]> rows = new ArrayList<>();
        double[] y = trials(rows, 3);
        List<Importance.Field> importance = Importance.of(FIELDS, COLUMNS, rows, y);
        assertEquals(FIELDS, importance.stream().map(Importance.Field::key).toList());
        double lr = importance.get(0).importance();
        double momentum = importance.get(1).importance();
        double optimizer = importance.get(2).importance();
        assertEquals(1.0, lr + momentum + optimizer, 1e-9);
        assertTrue(lr > optimizer && optimizer > momentum, importance.toString());
        assertTrue(lr > 0.6, importance.toString());
        assertTrue(momentum < 0.1, importance.toString());
    }

    @Test
    void theSameTrialsGiveTheSameImportances() {
        List<double[]> rows = new ArrayList<>();
        double[] y = trials(rows, 7);
        assertEquals(Importance.of(FIELDS, COLUMNS, rows, y), Importance.of(FIELDS, COLUMNS, rows, y));
    }

    @Test
    void anObjectiveThatNeverMovesGivesNoImportanceToAnyField() {
        List<double[]> rows = new ArrayList<>();
        trials(rows, 1);
        double[] flat = new double[rows.size()];
        java.util.Arrays.fill(flat, 0.5);
        for (Importance.Field f : Importance.of(FIELDS, COLUMNS, rows, flat)) assertEquals(0.0, f.importance(), f.key());
    }
}
