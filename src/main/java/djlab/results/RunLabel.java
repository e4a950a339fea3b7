package djlab.results;

import java.util.Map;

/**
 * Where a run sits in a sweep: its label ({@code batchnorm=true,lr=0.1,seed=2}), its variant (the label without the
 * seed, shared by the repeats), and the swept fields with their values.
 */
public record RunLabel(String label, String variant, Map<String, Object> values) {}
