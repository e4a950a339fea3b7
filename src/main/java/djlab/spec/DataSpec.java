package djlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Which data set, where its files are, and how much of it to use.
 *
 * @param validation a fraction in [0, 1) of the training records, or a whole count of records when 1 or more
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSpec(String dataset, String dir, Double validation, Limit limit) {

    public DataSpec {
        if (dataset == null) dataset = "mnist";
        if (validation == null) validation = 0.1;
        if (limit == null) limit = new Limit(null, null);
    }

    public DataSpec withDir(String newDir) {
        return new DataSpec(dataset, newDir, validation, limit);
    }

    /** Records taken from the start of each file, for quick runs; null means all of them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limit(Integer train, Integer test) {}
}
