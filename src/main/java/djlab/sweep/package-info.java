/** The spec, step 1 of the data path, for sweeps: a sweep section expanded into one spec per run, planned and run. */
package djlab.sweep;
