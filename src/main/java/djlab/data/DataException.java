package djlab.data;

/** A data set that cannot be found or read; its message is the one line the user sees. */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }
}
