package com.sparkcontrol.redaction;

/** Dotted-quad IPv4: four decimal octets 0–255 without leading zeros. */
final class Ipv4Validator {

    private Ipv4Validator() {
    }

    static boolean isValid(String text) {
        return isValid(text, 0, text.length());
    }

    /** True when {@code text[from, to)} is exactly a valid dotted quad. */
    static boolean isValid(CharSequence text, int from, int to) {
        int octets = 0;
        int i = from;
        while (i < to) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && TokenBoundary.isAsciiDigit(text.charAt(i))) {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return false;
            }
            octets++;
            if (i == to) {
                break;
            }
            if (text.charAt(i) != '.' || octets == 4) {
                return false;
            }
            i++;
            if (i == to) {
                return false; // trailing dot
            }
        }
        return octets == 4;
    }
}
