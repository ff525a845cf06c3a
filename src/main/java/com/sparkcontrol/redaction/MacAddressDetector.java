package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.List;

/** MAC addresses: six hex pairs joined by ':' or '-' (one kind throughout), or three dotted quads of hex. */
final class MacAddressDetector implements PiiDetector {

    @Override
    public EntityType type() {
        return EntityType.MAC_ADDRESS;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        int n = text.length();
        for (int i = 0; i + 14 <= n; i++) {
            if (!TokenBoundary.isHexDigit(text.charAt(i)) || !leftBoundary(text, i)) {
                continue;
            }
            int end = pairs(text, i);
            if (end < 0) {
                end = dottedQuads(text, i);
            }
            if (end > 0 && rightBoundary(text, end)) {
                spans.add(new PiiSpan(type(), i, end));
                i = end - 1;
            }
        }
        return spans;
    }

    /** 00:1A:2B:3C:4D:5E or 00-1A-2B-3C-4D-5E; returns the end or -1. */
    private static int pairs(String text, int start) {
        char sep = TokenBoundary.charAt(text, start + 2);
        if (sep != ':' && sep != '-') {
            return -1;
        }
        for (int g = 0; g < 6; g++) {
            int at = start + g * 3;
            if (!hex(text, at, 2) || (g < 5 && TokenBoundary.charAt(text, at + 2) != sep)) {
                return -1;
            }
        }
        return start + 17;
    }

    /** 001A.2B3C.4D5E (Cisco style); returns the end or -1. */
    private static int dottedQuads(String text, int start) {
        if (TokenBoundary.charAt(text, start + 4) != '.' || TokenBoundary.charAt(text, start + 9) != '.') {
            return -1;
        }
        for (int g = 0; g < 3; g++) {
            int at = start + g * 5;
            if (!hex(text, at, 4) || (g < 2 && TokenBoundary.charAt(text, at + 4) != '.')) {
                return -1;
            }
        }
        return start + 14;
    }

    private static boolean hex(String text, int from, int count) {
        if (from + count > text.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!TokenBoundary.isHexDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean leftBoundary(String text, int i) {
        char before = TokenBoundary.charAt(text, i - 1);
        return !TokenBoundary.isWordChar(before) && before != ':' && before != '-' && before != '.';
    }

    private static boolean rightBoundary(String text, int end) {
        char next = TokenBoundary.charAt(text, end);
        boolean continues = (next == ':' || next == '-' || next == '.') && TokenBoundary.isHexDigit(TokenBoundary.charAt(text, end + 1));
        return TokenBoundary.wordEndsAt(text, end) && !continues;
    }
}
