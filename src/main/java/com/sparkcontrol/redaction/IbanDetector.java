package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * IBANs in electronic form ("DE89370400440532013000") or print form (groups of four separated by single
 * spaces), in either case, with the country's registered length and valid mod-97 check digits.
 */
final class IbanDetector implements PiiDetector {

    @Override
    public EntityType type() {
        return EntityType.IBAN_CODE;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        int n = text.length() - 3;
        for (int i = 0; i < n; i++) {
            if (!opensIban(text, i)) {
                continue;
            }
            int length = IbanValidator.lengthFor(text.substring(i, i + 2).toUpperCase(Locale.ROOT));
            int end = length == 0 ? -1 : match(text, i, length);
            if (end > 0) {
                spans.add(new PiiSpan(type(), i, end));
                i = end - 1;
            }
        }
        return spans;
    }

    private static boolean opensIban(String text, int i) {
        // digits are rarer than letters in prose, so test them first
        return TokenBoundary.isAsciiDigit(text.charAt(i + 2)) && TokenBoundary.isAsciiDigit(text.charAt(i + 3))
                && TokenBoundary.isAsciiLetter(text.charAt(i)) && TokenBoundary.isAsciiLetter(text.charAt(i + 1))
                && TokenBoundary.wordStartsAt(text, i);
    }

    /** Reads exactly {@code length} IBAN characters, allowing one space after every fourth; returns the end or -1. */
    private static int match(String text, int start, int length) {
        StringBuilder iban = new StringBuilder(length);
        int j = start;
        while (j < text.length() && iban.length() < length) {
            char c = text.charAt(j);
            if (TokenBoundary.isAsciiAlnum(c)) {
                iban.append(Character.toUpperCase(c));
                j++;
            } else if (c == ' ' && iban.length() % 4 == 0 && j + 1 < text.length()
                    && TokenBoundary.isAsciiAlnum(text.charAt(j + 1))) {
                j++;
            } else {
                return -1;
            }
        }
        if (iban.length() != length || !TokenBoundary.wordEndsAt(text, j)) {
            return -1;
        }
        return IbanValidator.isValid(iban.toString()) ? j : -1;
    }
}
