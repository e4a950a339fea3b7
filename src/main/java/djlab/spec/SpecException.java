package djlab.spec;

/**
 * Bad input in a spec: which file, which field, what was expected and what was given. Its message is the single
 * line the user sees.
 */
public final class SpecException extends RuntimeException {

    private final String file;
    private final String field;
    private final String problem;

    public SpecException(String file, String field, String problem) {
        super(format(file, field, problem));
        this.file = file;
        this.field = field;
        this.problem = problem;
    }

    private static String format(String file, String field, String problem) {
        StringBuilder line = new StringBuilder();
        if (file != null) line.append(file).append(": ");
        if (field != null && !field.isEmpty()) line.append(field).append(": ");
        return line.append(problem).toString();
    }

    public String file() {
        return file;
    }

    public String problem() {
        return problem;
    }

    public String field() {
        return field;
    }
}
