package djlab.spec;

import java.util.Collection;

/** "Did you mean" for misspelt field names and values. */
public final class Spellings {

    private Spellings() {}

    /** The closest candidate within a small edit distance, or null. */
    public static String closest(String given, Collection<?> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Object candidate : candidates) {
            String c = String.valueOf(candidate);
            int d = distance(given.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, given.length() / 3);
        return bestDistance <= allowed ? best : null;
    }

    /** Names as a sentence lists them: {@code a}, {@code a and b}, {@code a, b and c}. */
    public static String and(java.util.List<String> names) {
        return names.size() <= 1 ? String.join("", names)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    public static String suggestion(String given, Collection<?> candidates) {
        String close = closest(given, candidates);
        return close == null ? "" : " (did you mean '" + close + "'?)";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
