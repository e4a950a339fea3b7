package djlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import djlab.optim.OptimizerKind;
import djlab.train.ScheduleKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The defaults each optimizer, schedule and weight initialiser fills into its record come from its kind, and are part of the run id of
 * every spec that leaves them out: pinned here, value for value, as they were before they moved to the kinds.
 */
class KindDefaultsTests {

    private static String resolved(Object spec) throws Exception {
        return SpecFiles.json().readTree(SpecFiles.json().writeValueAsString(spec)).toString();
    }

    @Test
    void eachOptimizerFillsInItsOwnDefaultsAndNoOthers() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("sgd", "{\"type\":\"sgd\",\"lr\":0.1,\"momentum\":0.0,\"nesterov\":false,\"weight_decay\":0.0}");
        expected.put("adam", "{\"type\":\"adam\",\"lr\":0.001,\"weight_decay\":0.0,\"beta1\":0.9,\"beta2\":0.999,"
                + "\"epsilon\":1.0E-8}");
        expected.put("adamw", "{\"type\":\"adamw\",\"lr\":0.001,\"weight_decay\":0.01,\"beta1\":0.9,\"beta2\":0.999,"
                + "\"epsilon\":1.0E-8}");
        expected.put("adagrad", "{\"type\":\"adagrad\",\"lr\":0.01,\"weight_decay\":0.0,\"epsilon\":1.0E-10}");
        expected.put("rmsprop", "{\"type\":\"rmsprop\",\"lr\":0.01,\"momentum\":0.0,\"weight_decay\":0.0,"
                + "\"epsilon\":1.0E-8,\"rho\":0.99}");
        expected.put("adadelta", "{\"type\":\"adadelta\",\"lr\":1.0,\"weight_decay\":0.0,\"epsilon\":1.0E-6,\"rho\":0.9}");

        assertEquals(List.copyOf(expected.keySet()), OptimizerKind.NAMES);
        for (String type : OptimizerKind.NAMES) {
            assertEquals(expected.get(type), resolved(new OptimizerSpec(type, null, null, null, null, null, null, null)));
        }
    }

    @Test
    void eachScheduleFillsInItsOwnDefaultsAndNoOthers() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("constant", "{\"type\":\"constant\",\"unit\":\"iteration\",\"warmup\":0}");
        expected.put("step", "{\"type\":\"step\",\"gamma\":0.1,\"unit\":\"iteration\",\"warmup\":0}");
        expected.put("multistep", "{\"type\":\"multistep\",\"gamma\":0.1,\"unit\":\"iteration\",\"warmup\":0}");
        expected.put("exponential", "{\"type\":\"exponential\",\"gamma\":0.95,\"unit\":\"iteration\",\"warmup\":0}");
        expected.put("cosine", "{\"type\":\"cosine\",\"unit\":\"iteration\",\"min_lr\":0.0,\"warmup\":0}");

        assertEquals(List.copyOf(expected.keySet()), ScheduleKind.NAMES);
        for (String type : ScheduleKind.NAMES) {
            assertEquals(expected.get(type), resolved(new ScheduleSpec(type, null, null, null, null, null, null)));
        }
    }

    @Test
    void normalAndUniformInitialisersFillInTheirOwnNumber() throws Exception {
        assertEquals("{\"type\":\"xavier\"}", resolved(new InitSpec(null, null, null)));
        assertEquals("{\"type\":\"kaiming\"}", resolved(new InitSpec("kaiming", null, null)));
        assertEquals("{\"type\":\"normal\",\"std\":0.01}", resolved(new InitSpec("normal", null, null)));
        assertEquals("{\"type\":\"uniform\",\"scale\":0.07}", resolved(new InitSpec("uniform", null, null)));
    }

    @Test
    void aGivenValueWinsOverTheDefault() throws Exception {
        assertEquals("{\"type\":\"adam\",\"lr\":0.05,\"weight_decay\":0.0,\"beta1\":0.8,\"beta2\":0.999,\"epsilon\":1.0E-8}",
                resolved(new OptimizerSpec("adam", 0.05, null, null, null, 0.8, null, null)));
    }
}
