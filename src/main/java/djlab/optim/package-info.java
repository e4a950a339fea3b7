/** Training, step 5 of the data path: DJLab's own optimizers (SGD with momentum or Nesterov, Adagrad, RMSprop, Adadelta) and weight-decay masks. */
package djlab.optim;
