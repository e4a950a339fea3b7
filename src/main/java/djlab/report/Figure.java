package djlab.report;

/**
 * One picture of the report: PNG bytes written once as {@code report/<file>} and inlined in the HTML, or, where it
 * could not be made (no saved parameters, no test data), the reason, which the report shows in its place.
 *
 * @param titled whether the picture shows its title itself (charts), so the report need not repeat it
 */
record Figure(String file, String title, byte[] png, String missing, boolean titled) {

    /** A picture whose title is given beside it (a caption). */
    static Figure of(String file, String title, byte[] png) {
        return new Figure(file, title, png, null, false);
    }

    /** A chart that carries its title inside the picture: no caption needed. */
    static Figure chart(String file, String title, byte[] png) {
        return new Figure(file, title, png, null, true);
    }

    static Figure missing(String file, String title, String reason) {
        return new Figure(file, title, null, reason, false);
    }

    boolean present() {
        return png != null;
    }
}
