package org.avmonitoring.agent.api;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Words for a key that is not among the known ones: the config (a warning: a newer backend may send keys this version
 * does not know) and the local API (a refusal) name it the same way, with the closest known key when one is a typo
 * away ({@code pasword}, {@code intervall_s}, {@code comunity}).
 */
public final class UnknownKeys {
    /** Edits (insert, delete, replace, swap two neighbours) within which a known key is suggested. */
    static final int MAX_EDITS = 2;

    private UnknownKeys() {
    }

    /** {@code unknown key "pasword" (did you mean "password"?)}, or without the question when nothing is close. */
    public static String describe(String key, Collection<String> known) {
        return "unknown key \"" + key + "\"" + closest(key, known).map(k -> " (did you mean \"" + k + "\"?)").orElse("");
    }

    /**
     * The known key nearest to {@code key} if at most {@value #MAX_EDITS} edits away, and fewer than half its length
     * (so that {@code ip} does not suggest {@code id}); the first in iteration order on a tie.
     */
    public static Optional<String> closest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= MAX_EDITS && bestDistance * 2 < key.length() ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance (Levenshtein plus the swap of two neighbours, a common typo). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
