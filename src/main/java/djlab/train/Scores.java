package djlab.train;

/** Mean loss and accuracy over a set of records. */
public record Scores(double loss, double accuracy, int count) {

    /** From device sums (float32): kept at float precision so files show 0.937, not 0.9369999766. */
    static Scores of(float lossSum, float correct, int count) {
        return new Scores(Double.parseDouble(Float.toString(lossSum / count)),
                Double.parseDouble(Float.toString(correct / count)), count);
    }
}
