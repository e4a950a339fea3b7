/**
 * Reports, the last step of the data path: {@code report.html} and {@code report.md} from finished run and sweep
 * folders (tables over seeds, significance, curves, pictures of the networks), nothing trained again.
 */
package djlab.report;
