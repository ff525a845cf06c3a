package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * The scan that card and SSN detection share: visit each run of digits that stands on its own (not glued
 * to a word, not after '-', '.', '/', not in the middle of a grouped number) and keep what a matcher
 * accepts there.
 */
final class StandaloneNumbers {

    /** Given the text and where a digit run starts, the end of a match there, or -1. */
    interface Matcher {
        int matchEnd(String text, int start);
    }

    private StandaloneNumbers() {
    }

    static List<PiiSpan> find(String text, EntityType type, Matcher matcher) {
        List<PiiSpan> spans = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!TokenBoundary.isAsciiDigit(text.charAt(i)) || !startsAt(text, i)) {
                i++;
                continue;
            }
            int end = matcher.matchEnd(text, i);
            if (end > 0) {
                spans.add(new PiiSpan(type, i, end));
                i = end;
            } else {
                while (i < n && TokenBoundary.isAsciiDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
        return spans;
    }

    private static boolean startsAt(String text, int i) {
        char before = TokenBoundary.charAt(text, i - 1);
        return !TokenBoundary.isWordChar(before) && before != '-' && before != '.' && before != '/'
                && !TokenBoundary.followsDigitGroup(text, i);
    }
}
