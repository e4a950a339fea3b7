package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The optimizer and its hyper-parameters. {@code lr} is the base learning rate that {@link ScheduleSpec} scales.
 * Weight decay is L2 added to the gradient, except for adamw where it is decoupled (as in DJL and PyTorch).
 * The defaults per optimizer are in {@link djlab.optim.OptimizerKind} (adagrad's, rmsprop's and adadelta's are
 * PyTorch's).
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
        // Each optimizer's defaults are its kind's; a field it does not take stays absent.
        djlab.optim.OptimizerKind.Defaults usual = djlab.optim.OptimizerKind.defaults(type);
        if (lr == null) lr = usual.lr();
        if (weightDecay == null) weightDecay = usual.weightDecay();
        if (momentum == null) momentum = usual.momentum();
        if (nesterov == null) nesterov = usual.nesterov();
        if (beta1 == null) beta1 = usual.beta1();
        if (beta2 == null) beta2 = usual.beta2();
        if (epsilon == null) epsilon = usual.epsilon();
        if (rho == null) rho = usual.rho();
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
