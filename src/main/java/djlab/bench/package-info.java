/**
 * Measuring the data path: DJLab's training against a minimal DJL loop and the PyTorch reference ({@code djlab bench}),
 * step comparisons and memory over a sweep; and adaptive searches replayed on a finished grid's recorded curves
 * ({@code djlab bench replay}: {@link djlab.bench.ReplaySetup} reads the grid and the spec, {@link djlab.bench.Replay}
 * runs DJLab's searches, {@link djlab.bench.ReplayOptuna} Optuna's).
 */
package djlab.bench;
