/**
 * DJLab from Java: {@link djlab.api.Experiments} loads a spec (file, text or code), {@link djlab.api.Experiment}
 * overrides, validates, runs and sweeps it, {@link djlab.api.RunResults} and {@link djlab.api.SweepResults} read what
 * was recorded. Drives the whole data path (docs/architecture.md), as the CLI does.
 */
package djlab.api;
