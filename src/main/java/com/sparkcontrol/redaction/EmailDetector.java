package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Email addresses, found from each '@': a local part of at most 64 characters to the left and a domain of
 * at most 255 to the right, ending in an alphabetic top-level domain. Both scans are bounded, so the whole
 * pass is linear.
 */
final class EmailDetector implements PiiDetector {

    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 255;

    @Override
    public EntityType type() {
        return EntityType.EMAIL_ADDRESS;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        int from = 0;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', from)) {
            from = at + 1;
            int start = localPartStart(text, at);
            int end = start < 0 ? -1 : domainEnd(text, at + 1);
            if (end > 0) {
                spans.add(new PiiSpan(type(), start, end));
                from = end;
            }
        }
        return spans;
    }

    private static boolean isLocalChar(char c) {
        return TokenBoundary.isWordChar(c) || c == '.' || c == '%' || c == '+' || c == '-' || c == '\'';
    }

    /** Start of the local part before '@', or -1 when there is none or it is too long. */
    private static int localPartStart(String text, int at) {
        int start = at;
        while (start > 0 && isLocalChar(text.charAt(start - 1))) {
            start--;
            if (at - start > MAX_LOCAL) {
                return -1;
            }
        }
        while (start < at && (text.charAt(start) == '.' || text.charAt(start) == '\'')) {
            start++; // a sentence's quote or dot is not part of the address
        }
        if (start == at || text.charAt(at - 1) == '.' || text.substring(start, at).contains("..")) {
            return -1;
        }
        return start;
    }

    /** End of the domain after '@', or -1 when it is not a dotted domain with an alphabetic top level. */
    private static int domainEnd(String text, int from) {
        int end = from;
        while (end < text.length() && isDomainChar(text.charAt(end))) {
            end++;
            if (end - from > MAX_DOMAIN) {
                return -1;
            }
        }
        while (end > from && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
            end--; // "write to jane@example.com." — the sentence's full stop is not the domain's
        }
        if (TokenBoundary.charAt(text, end) == '@') {
            return -1;
        }
        int labels = 0;
        int labelStart = from;
        for (int i = from; i <= end; i++) {
            if (i == end || text.charAt(i) == '.') {
                if (!isLabel(text, labelStart, i)) {
                    return -1;
                }
                labels++;
                if (i == end) {
                    break;
                }
                labelStart = i + 1;
            }
        }
        return labels >= 2 && isTopLevel(text, labelStart, end) ? end : -1;
    }

    private static boolean isDomainChar(char c) {
        return (TokenBoundary.isWordChar(c) && c != '_') || c == '-' || c == '.';
    }

    private static boolean isLabel(String text, int start, int end) {
        return end > start && end - start <= 63 && text.charAt(start) != '-' && text.charAt(end - 1) != '-';
    }

    private static boolean isTopLevel(String text, int start, int end) {
        if (end - start < 2) {
            return false;
        }
        if (text.startsWith("xn--", start)) {
            return true;
        }
        for (int i = start; i < end; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
