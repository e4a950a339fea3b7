/**
 * Measuring the data path: DJLab's training against a minimal DJL loop and the PyTorch reference ({@code djlab bench}),
 * step comparisons and memory over a sweep.
 */
package djlab.bench;
