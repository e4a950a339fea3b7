/**
 * The layer kinds of {@code model.layers}, one class each ({@link djlab.model.layers.LayerKind}): the kind's name,
 * checks, shape rule, DJL block and description, registered in {@link djlab.model.layers.LayerKinds}; and the
 * activation functions ({@link djlab.model.layers.Activations}). The spec records themselves are
 * {@link djlab.spec.LayerSpec}.
 */
package djlab.model.layers;
