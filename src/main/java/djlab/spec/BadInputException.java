package djlab.spec;

/**
 * Bad input from the user, whatever its kind (a spec, a claims file, a command-line value, a plug-in that does not
 * keep its contract): which file, which field, what was expected and what was given. Its message is the single line
 * the user sees; the command line turns it into exit code 2. (Named SpecException before issue #13.)
 */
public final class BadInputException extends RuntimeException {

    private final String file;
    private final String field;
    private final String problem;

    public BadInputException(String file, String field, String problem) {
        super(format(file, field, problem));
        this.file = file;
        this.field = field;
        this.problem = problem;
    }

    private static String format(String file, String field, String problem) {
        StringBuilder line = new StringBuilder();
        if (file != null) line.append(file).append(": ");
        if (field != null && !field.isEmpty()) line.append(field).append(": ");
        return oneLine(line.append(problem).toString());
    }

    /**
     * {@code text} with control characters written as escapes ({@code \n}, {@code \u0007}): an error is one line,
     * whatever the quoted values hold.
     */
    public static String oneLine(String text) {
        if (text == null) return null;
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
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
