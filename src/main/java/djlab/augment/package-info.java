/**
 * Data, step 3 of the data path: random transformations (shift, rotation, zoom, flips) of the training batches, drawn
 * from the run's seed; never applied to validation or test records.
 */
package djlab.augment;
