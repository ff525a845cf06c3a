package com.sparkcontrol.redaction;

import java.util.Set;

/**
 * US Social Security number rules: area not 000, 666 or 9xx; group not 00; serial not 0000; and not one of
 * the numbers published as examples (which appear in documentation, not on cards).
 */
final class SsnValidator {

    private static final Set<String> PUBLISHED_EXAMPLES = Set.of("123456789", "078051120", "219099999");

    private SsnValidator() {
    }

    /** {@code digits} is exactly nine ASCII digits. */
    static boolean isValid(String digits) {
        if (digits.length() != 9 || PUBLISHED_EXAMPLES.contains(digits) || allSame(digits)) {
            return false;
        }
        int area = Integer.parseInt(digits.substring(0, 3));
        int group = Integer.parseInt(digits.substring(3, 5));
        int serial = Integer.parseInt(digits.substring(5));
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    private static boolean allSame(String digits) {
        for (int i = 1; i < digits.length(); i++) {
            if (digits.charAt(i) != digits.charAt(0)) {
                return false;
            }
        }
        return true;
    }
}
