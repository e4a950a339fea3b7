/**
 * The spec, step 1 of the data path: records for every spec field, reading YAML/JSON files with {@code extends},
 * {@code --set} and {@code model.use}, and the one validator of their values.
 */
package djlab.spec;
