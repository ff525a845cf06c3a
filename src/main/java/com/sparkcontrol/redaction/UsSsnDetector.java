package com.sparkcontrol.redaction;

import java.util.List;

/**
 * US Social Security numbers written as AAA-GG-SSSS or AAA GG SSSS, or as nine bare digits right after a
 * cue such as "SSN" a few words before; all must pass {@link SsnValidator}.
 */
final class UsSsnDetector implements PiiDetector {

    private static final ContextWords CUES = ContextWords.of("ssn", "social security", "sozialversicherungsnummer");
    private static final int CUE_WINDOW = 24;

    @Override
    public EntityType type() {
        return EntityType.US_SSN;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        return StandaloneNumbers.find(text, type(), UsSsnDetector::match);
    }

    private static int match(String text, int start) {
        int a = digitRun(text, start);
        char sep = TokenBoundary.charAt(text, start + a);
        if (a == 3 && (sep == '-' || sep == ' ')) {
            int g = digitRun(text, start + 4);
            if (g == 2 && TokenBoundary.charAt(text, start + 6) == sep && digitRun(text, start + 7) == 4) {
                int end = start + 11;
                String digits = text.substring(start, start + 3) + text.substring(start + 4, start + 6)
                        + text.substring(start + 7, end);
                return rightBoundary(text, end) && SsnValidator.isValid(digits) ? end : -1;
            }
            return -1;
        }
        int end = start + a;
        return a == 9 && rightBoundary(text, end) && SsnValidator.isValid(text.substring(start, end))
                && CUES.appearWithin(text, start, CUE_WINDOW) ? end : -1;
    }

    private static int digitRun(String text, int from) {
        int i = from;
        while (i < text.length() && TokenBoundary.isAsciiDigit(text.charAt(i)) && i - from < 10) {
            i++;
        }
        return i - from;
    }

    private static boolean rightBoundary(String text, int end) {
        char next = TokenBoundary.charAt(text, end);
        return TokenBoundary.wordEndsAt(text, end)
                && !((next == '-' || next == '.' || next == '/') && TokenBoundary.isAsciiDigit(TokenBoundary.charAt(text, end + 1)));
    }
}
