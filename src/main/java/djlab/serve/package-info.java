/**
 * The dashboard ({@code djlab serve}), beside the data path: it watches a results folder and serves its sweeps and
 * runs as pages that grow while they train (Jetty, a polling watcher, the pages in {@code src/main/resources/djlab/serve/}).
 */
package djlab.serve;
