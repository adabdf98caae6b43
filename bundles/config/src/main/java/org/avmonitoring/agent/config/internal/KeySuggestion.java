package org.avmonitoring.agent.config.internal;

import java.util.Collection;

/** "did you mean ...?" for a mistyped key: the closest known key within a small edit distance. */
final class KeySuggestion {
    private KeySuggestion() {
    }

    /**
     * {@code " (did you mean `password`?)"} when a key of {@code known} is within two edits of {@code key} (one for
     * keys of three letters or fewer), else "".
     */
    static String didYouMean(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int allowed = key.length() <= 3 ? 1 : 2;
        for (String k : known) {
            int d = distance(key, k);
            if (d <= allowed && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean `" + best + "`?)";
    }

    /** Levenshtein distance (insert, delete, substitute), case-insensitive. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(java.util.Locale.ROOT);
        String y = b.toLowerCase(java.util.Locale.ROOT);
        int[] prev = new int[y.length() + 1];
        int[] cur = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int subst = prev[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(subst, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length()];
    }
}
