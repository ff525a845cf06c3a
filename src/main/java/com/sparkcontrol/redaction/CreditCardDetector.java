package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Payment card numbers: 13 to 19 digits, bare or grouped by single spaces or dashes, that pass the Luhn
 * check and carry a prefix some card network issues.
 */
final class CreditCardDetector implements PiiDetector {

    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;

    @Override
    public EntityType type() {
        return EntityType.CREDIT_CARD;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        return StandaloneNumbers.find(text, type(), CreditCardDetector::scanAndMatch);
    }

    /** The end of a card number starting at {@code start}, or -1. */
    private static int scanAndMatch(String text, int start) {
        if (groupedDigitCount(text, start) < MIN_DIGITS) {
            return -1; // the common case in prose: a year, an amount, a short id
        }
        int n = text.length();
        StringBuilder digits = new StringBuilder(MAX_DIGITS);
        List<Integer> groupEnds = new ArrayList<>(6);
        List<Integer> digitCounts = new ArrayList<>(6);
        char separator = 0;
        int j = start;
        while (true) {
            int groupStart = j;
            while (j < n && TokenBoundary.isAsciiDigit(text.charAt(j))) {
                j++;
            }
            if (digits.length() + (j - groupStart) > MAX_DIGITS) {
                if (groupEnds.isEmpty()) {
                    return -1; // one unbroken run longer than any card
                }
                break;
            }
            digits.append(text, groupStart, j);
            groupEnds.add(j);
            digitCounts.add(digits.length());
            char next = TokenBoundary.charAt(text, j);
            boolean sameSeparator = separator == 0 ? next == ' ' || next == '-' : next == separator;
            if (!sameSeparator || !TokenBoundary.isAsciiDigit(TokenBoundary.charAt(text, j + 1))) {
                break;
            }
            separator = next;
            j++;
        }
        for (int g = groupEnds.size() - 1; g >= 0; g--) {
            int count = digitCounts.get(g);
            int end = groupEnds.get(g);
            if (count < MIN_DIGITS) {
                break;
            }
            boolean lastGroup = g == groupEnds.size() - 1;
            if (lastGroup && !TokenBoundary.wordEndsAt(text, end)) {
                continue;
            }
            String number = digits.substring(0, count);
            if (LuhnChecksum.isValid(number) && CardNetworks.isIssued(number)) {
                return end;
            }
        }
        return -1;
    }

    /** How many digits the run at {@code start} has, counting groups joined by one space or dash (at most 20). */
    private static int groupedDigitCount(String text, int start) {
        int count = 0;
        int j = start;
        while (j < text.length() && count <= MAX_DIGITS) {
            char c = text.charAt(j);
            if (TokenBoundary.isAsciiDigit(c)) {
                count++;
            } else if (!((c == ' ' || c == '-') && TokenBoundary.isAsciiDigit(TokenBoundary.charAt(text, j + 1)))) {
                break;
            }
            j++;
        }
        return count;
    }
}
