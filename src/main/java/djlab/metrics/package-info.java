/** Training, step 5 of the data path: DJL evaluators for the extra metrics (top-k, per-class accuracy). */
package djlab.metrics;
