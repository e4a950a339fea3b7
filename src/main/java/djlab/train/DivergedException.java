package djlab.train;

/** The loss became NaN or infinite: the run ends as {@code diverged}. */
public final class DivergedException extends RuntimeException {
    public DivergedException(String message) {
        super(message);
    }
}
