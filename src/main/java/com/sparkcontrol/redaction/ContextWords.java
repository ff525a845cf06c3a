package com.sparkcontrol.redaction;

import java.util.List;
import java.util.Locale;

/** Cue words written before a candidate, e.g. "SSN:" before a bare nine-digit number. */
final class ContextWords {

    private static final int MAX_GAP = 4;

    private final List<String> words;

    private ContextWords(List<String> words) {
        this.words = List.copyOf(words);
    }

    /** True when one of the words ends right before {@code position}, apart from spaces and ":#=-" marks. */
    boolean precede(String text, int position) {
        int end = position;
        while (end > 0 && position - end < MAX_GAP && " \t:#=-\u00A0".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        for (String word : words) {
            int start = end - word.length();
            if (start >= 0 && text.regionMatches(true, start, word, 0, word.length())
                    && TokenBoundary.wordStartsAt(text, start)) {
                return true;
            }
        }
        return false;
    }

    /** True when one of the words appears, as a whole word, within {@code window} characters before {@code position}. */
    boolean appearWithin(String text, int position, int window) {
        int from = Math.max(0, position - window);
        String before = TokenBoundary.lowerCase(text.substring(from, position));
        for (String word : words) {
            for (int at = before.indexOf(word); at >= 0; at = before.indexOf(word, at + 1)) {
                boolean starts = at == 0 ? TokenBoundary.wordStartsAt(text, from) : !TokenBoundary.isWordChar(before.charAt(at - 1));
                int end = at + word.length();
                boolean ends = end == before.length() || !TokenBoundary.isWordChar(before.charAt(end))
                        || !TokenBoundary.isWordChar(word.charAt(word.length() - 1));
                if (starts && ends) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Cue words, matched case-insensitively. */
    static ContextWords of(String... words) {
        return new ContextWords(List.of(words).stream().map(w -> w.toLowerCase(Locale.ROOT)).toList());
    }
}
