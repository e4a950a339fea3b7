/**
 * Results, step 6 of the data path: the one place that writes run folders (spec, curves, parameters, summary last)
 * and sweep folders (plan, table), the one reader of run folders ({@link djlab.results.RunRecord}: summary, spec,
 * curves, status), the run id, and the names of metrics ({@link djlab.results.Metrics}) and run
 * statuses ({@link djlab.results.Summary}).
 */
package djlab.results;
