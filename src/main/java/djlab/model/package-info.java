/**
 * The network, step 4 of the data path, for the presets and explicit layers: a spec expanded into layers
 * ({@link djlab.model.Networks}), each checked against its input shape and built into a DJL block by its kind
 * ({@link djlab.model.layers.LayerKinds}), and described with output shapes and parameters
 * ({@link djlab.model.Architecture}).
 */
package djlab.model;
