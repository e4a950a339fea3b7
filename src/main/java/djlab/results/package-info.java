/**
 * Results, step 6 of the data path: the one place that writes run folders (spec, curves, parameters, summary last)
 * and sweep folders (plan, table), the run id, and the names of metrics ({@link djlab.results.Metrics}) and run
 * statuses ({@link djlab.results.Summary}).
 */
package djlab.results;
