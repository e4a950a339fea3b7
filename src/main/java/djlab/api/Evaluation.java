package djlab.api;

import djlab.train.Heads;
import djlab.train.SavedRun;
import djlab.train.Scores;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained run's saved network scored on its test set again ({@link Experiments#evaluate}).
 *
 * @param accuracy of a network with several output heads, the mean of the heads' accuracies
 * @param perHead with several heads: each head's accuracy by name, then every head right ({@code both} or
 *     {@code all}); empty for one head
 */
public record Evaluation(double loss, double accuracy, int count, Map<String, Double> perHead) {

    static Evaluation of(Path runDir, Scores test) {
        Map<String, Double> perHead = new LinkedHashMap<>();
        if (test.parts() != null) {
            List<String> names = Heads.parts(SavedRun.headNames(runDir));
            for (int i = 0; i < test.parts().size(); i++) {
                perHead.put(i < names.size() ? names.get(i) : "part " + i, test.parts().get(i));
            }
        }
        return new Evaluation(test.loss(), test.accuracy(), test.count(), perHead);
    }
}
