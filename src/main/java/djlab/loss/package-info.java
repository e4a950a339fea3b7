/** Training, step 5 of the data path: the losses (softmax cross-entropy, class-weighted, label smoothing). */
package djlab.loss;
