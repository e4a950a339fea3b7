package djlab.report;

import java.util.Locale;

/** Number and text formatting shared by the HTML and Markdown writers. */
final class Text {

    private Text() {}

    static String html(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Text from the runs (labels, names, errors, paths) in Markdown: a pipe would end a table cell, a newline the row,
     * and HTML, emphasis, code or link syntax would be rendered as such (raw HTML runs in many Markdown viewers).
     */
    static String md(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n', '\r' -> out.append(' ');
                case '\\', '|', '*', '_', '`', '[', ']' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A code span (a run-id): inside one nothing is interpreted, but a backtick or a newline would end it. */
    static String mdCode(String text) {
        return "`" + (text == null ? "" : text.replace('`', '\'').replace('\n', ' ').replace('\r', ' ')) + "`";
    }

    /** A difference of accuracies in percentage points, signed. */
    static String points(double difference) {
        return Double.isNaN(difference) ? "–" : String.format(Locale.ROOT, "%+.2f", difference * 100);
    }

    static String interval(double low, double high) {
        if (Double.isNaN(low) || Double.isNaN(high)) return "–";
        return "[" + points(low) + ", " + points(high) + "]";
    }

    static String percent(double accuracy) {
        return Double.isNaN(accuracy) ? "–" : String.format(Locale.ROOT, "%.2f%%", accuracy * 100);
    }

    static String seconds(double seconds) {
        return Double.isNaN(seconds) ? "–" : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    static String bytes(long size) {
        if (size < 1024) return size + " B";
        if (size < 1024 * 1024) return String.format(Locale.ROOT, "%.0f KB", size / 1024.0);
        return String.format(Locale.ROOT, "%.1f MB", size / (1024.0 * 1024));
    }
}
