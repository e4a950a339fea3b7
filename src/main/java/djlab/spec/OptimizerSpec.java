package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The optimizer and its hyper-parameters. {@code lr} is the base learning rate that {@link ScheduleSpec} scales.
 * Weight decay is L2 added to the gradient for sgd and adam, decoupled for adamw (as in DJL and PyTorch).
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
        Double epsilon) {

    public OptimizerSpec {
        if (type == null) type = "sgd";
        boolean adamFamily = type.equals("adam") || type.equals("adamw");
        if (lr == null) lr = adamFamily ? 0.001 : 0.1;
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
    }
}
