package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The optimizer and its hyper-parameters. {@code lr} is the base learning rate that {@link ScheduleSpec} scales.
 * Weight decay is L2 added to the gradient, except for adamw where it is decoupled (as in DJL and PyTorch).
 * Defaults of adagrad, rmsprop and adadelta are PyTorch's.
 *
 * @param rho rmsprop: decay of the mean square (PyTorch's alpha); adadelta: decay of both running means
 * @param weightDecayExclude parameter kinds left out of weight decay: {@code bias}, {@code batchnorm}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptimizerSpec(
        String type,
        Double lr,
        Double momentum,
        Boolean nesterov,
        Double weightDecay,
        Double beta1,
        Double beta2,
        Double epsilon,
        Double rho,
        List<String> weightDecayExclude) {

    public OptimizerSpec {
        if (type == null) type = "sgd";
        boolean adamFamily = type.equals("adam") || type.equals("adamw");
        if (lr == null) lr = switch (type) {
            case "adam", "adamw" -> 0.001;
            case "adagrad", "rmsprop" -> 0.01;
            case "adadelta" -> 1.0;
            default -> 0.1;
        };
        if (weightDecay == null) weightDecay = type.equals("adamw") ? 0.01 : 0.0;
        if (type.equals("sgd")) {
            if (momentum == null) momentum = 0.0;
            if (nesterov == null) nesterov = false;
        }
        if (adamFamily) {
            if (beta1 == null) beta1 = 0.9;
            if (beta2 == null) beta2 = 0.999;
            if (epsilon == null) epsilon = 1e-8;
        }
        switch (type) {
            case "adagrad" -> {
                if (epsilon == null) epsilon = 1e-10;
            }
            case "rmsprop" -> {
                if (momentum == null) momentum = 0.0;
                if (rho == null) rho = 0.99;
                if (epsilon == null) epsilon = 1e-8;
            }
            case "adadelta" -> {
                if (rho == null) rho = 0.9;
                if (epsilon == null) epsilon = 1e-6;
            }
            default -> { }
        }
    }

    public OptimizerSpec(String type, Double lr, Double momentum, Boolean nesterov, Double weightDecay, Double beta1,
            Double beta2, Double epsilon) {
        this(type, lr, momentum, nesterov, weightDecay, beta1, beta2, epsilon, null, null);
    }

    /** Whether weight decay leaves out parameters of this kind ({@code bias} or {@code batchnorm}). */
    public boolean excludes(String kind) {
        return weightDecayExclude != null && weightDecayExclude.contains(kind);
    }
}
