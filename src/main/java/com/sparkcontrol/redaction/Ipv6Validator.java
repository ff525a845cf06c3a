package com.sparkcontrol.redaction;

/**
 * IPv6 text forms (RFC 4291 §2.2): eight groups of one to four hex digits, at most one "::" standing for
 * one or more zero groups, and an optional dotted-quad IPv4 tail in place of the last two groups.
 */
final class Ipv6Validator {

    private Ipv6Validator() {
    }

    static boolean isValid(String text) {
        int n = text.length();
        if (n < 2 || n > 45) {
            return false;
        }
        int groups = 0;
        boolean compressed = false;
        int i = 0;
        if (text.startsWith("::")) {
            compressed = true;
            i = 2;
            if (i == n) {
                return true; // "::"
            }
        } else if (text.charAt(0) == ':') {
            return false;
        }
        while (i < n) {
            int start = i;
            while (i < n && i - start < 5 && TokenBoundary.isHexDigit(text.charAt(i))) {
                i++;
            }
            if (i < n && text.charAt(i) == '.') {
                // an IPv4 tail must be the last thing and takes the room of two groups
                return Ipv4Validator.isValid(text, start, n) && (compressed ? groups + 2 <= 7 : groups + 2 == 8);
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return false;
            }
            groups++;
            if (i == n) {
                break;
            }
            if (text.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < n && text.charAt(i) == ':') {
                if (compressed) {
                    return false; // a second "::"
                }
                compressed = true;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return false; // trailing single ':'
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }
}
