package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.List;

/** The digit groups of a number-like candidate and the separators between them, to spot dates and versions. */
record DigitGroups(String digits, List<Integer> lengths, String separators) {

    static DigitGroups of(String candidate) {
        StringBuilder digits = new StringBuilder();
        StringBuilder separators = new StringBuilder();
        List<Integer> lengths = new ArrayList<>();
        int run = 0;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (TokenBoundary.isAsciiDigit(c)) {
                digits.append(c);
                run++;
            } else {
                if (run > 0) {
                    lengths.add(run);
                    run = 0;
                }
                if (c != '+') {
                    separators.append(c);
                }
            }
        }
        if (run > 0) {
            lengths.add(run);
        }
        return new DigitGroups(digits.toString(), List.copyOf(lengths), separators.toString());
    }

    boolean separated() {
        return lengths.size() > 1;
    }

    private boolean onlySeparator(char c) {
        for (int i = 0; i < separators.length(); i++) {
            if (separators.charAt(i) != c) {
                return false;
            }
        }
        return !separators.isEmpty();
    }

    /** 2024-03-15, 15.03.2024, 03/15/24, 2024/3/5. */
    boolean looksLikeDate() {
        if (lengths.size() != 3 || !(onlySeparator('-') || onlySeparator('.') || onlySeparator('/'))) {
            return false;
        }
        int a = lengths.get(0);
        int b = lengths.get(1);
        int c = lengths.get(2);
        return (a == 4 && b <= 2 && c <= 2) || (a <= 2 && b <= 2 && (c == 4 || c == 2));
    }

    /** 078-05-1120: the shape of a US Social Security number, never of a phone number. */
    boolean looksLikeSsn() {
        return lengths.equals(List.of(3, 2, 4)) && (onlySeparator('-') || onlySeparator(' '));
    }

    /** 10.0.19045.3803 or 192.168.1.20: dotted groups read as a version or an address. */
    boolean looksLikeVersionOrAddress() {
        if (!onlySeparator('.')) {
            return false;
        }
        boolean allShort = true;
        for (int length : lengths) {
            if (length == 1) {
                return true;
            }
            allShort &= length <= 3;
        }
        return lengths.size() == 4 && allShort;
    }
}
