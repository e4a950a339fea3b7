package djlab.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import djlab.spec.ExperimentSpec;
import djlab.spec.SpecFiles;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A run's id: the first 12 hex digits of the SHA-256 of its resolved spec as canonical JSON (keys sorted), leaving
 * out what does not change training (description, data folder, how often checkpoints are written: raising the
 * frequency of a running experiment must not move it to a new folder and lose its checkpoint). Same experiment,
 * same folder.
 */
public final class RunId {

    private RunId() {}

    public static String of(ExperimentSpec spec) {
        try {
            byte[] canonical = SpecFiles.json().copy()
                    .disable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsBytes(sorted(spec));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExperimentSpec identity(ExperimentSpec spec) {
        ExperimentSpec bare = spec.withoutProvenance();
        return new ExperimentSpec(bare.name(), bare.description(), bare.seed(), bare.data(), bare.model(),
                bare.train().withoutCheckpoint());
    }

    /** The spec as a map tree, so key order comes from sorting rather than from record declaration order. */
    private static Object sorted(ExperimentSpec spec) {
        return SpecFiles.json().convertValue(SpecFiles.toTree(identity(spec)), Map.class);
    }
}
