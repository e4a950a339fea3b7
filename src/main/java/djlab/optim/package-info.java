/**
 * Training, step 5 of the data path: the optimizers a spec can name, one home each ({@link djlab.optim.OptimizerKind}:
 * name, defaults, checks, DJL optimizer), DJLab's own optimizers (SGD with momentum or Nesterov, Adagrad, RMSprop,
 * Adadelta) and weight-decay masks.
 */
package djlab.optim;
