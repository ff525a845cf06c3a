package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * IPv4 and IPv6 addresses, validated by {@link Ipv4Validator} and {@link Ipv6Validator}. A dotted quad
 * right after "version", "build" or "section" and the like, or followed by a "-beta"-style suffix, is a
 * version or outline number.
 */
final class IpAddressDetector implements PiiDetector {

    private static final int MAX_V6 = 45;
    private static final ContextWords NOT_AN_ADDRESS_CUES = ContextWords.of(
            "version", "ver", "ver.", "v", "v.", "build", "release", "firmware", "patch", "update", "versión",
            "versione", "versie", "バージョン",
            // outline numbering: "section 3.2.1.4"
            "section", "sec.", "chapter", "chap.", "§", "figure", "fig.", "table", "step", "article", "art.",
            "abschnitt", "kapitel", "abb.", "artikel", "chapitre", "capítulo", "sección", "artículo");

    @Override
    public EntityType type() {
        return EntityType.IP_ADDRESS;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        findV4(text, spans);
        findV6(text, spans);
        return spans;
    }

    private void findV4(String text, List<PiiSpan> spans) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (!TokenBoundary.isAsciiDigit(c) || !TokenBoundary.wordStartsAt(text, i) || TokenBoundary.charAt(text, i - 1) == '.'
                    || isV6Tail(text, i)) {
                i++;
                continue;
            }
            int end = i;
            while (end < n && (TokenBoundary.isAsciiDigit(text.charAt(end)) || text.charAt(end) == '.') && end - i < 16) {
                end++;
            }
            int scanned = end;
            while (end > i && text.charAt(end - 1) == '.') {
                end--; // a full stop after the address
            }
            if (isStandaloneV4(text, i, end, scanned)) {
                spans.add(new PiiSpan(type(), i, end));
            }
            i = Math.max(scanned, i + 1);
        }
    }

    /** "::ffff:10.0.0.1": the dotted quad is the tail of an IPv6 address, found by {@link #findV6}. */
    private static boolean isV6Tail(String text, int i) {
        char before = TokenBoundary.charAt(text, i - 2);
        return TokenBoundary.charAt(text, i - 1) == ':' && (before == ':' || TokenBoundary.isHexDigit(before));
    }

    /** {@code scanned} is where the run of digits and dots stopped; {@code end} drops a trailing full stop. */
    private static boolean isStandaloneV4(String text, int start, int end, int scanned) {
        char next = TokenBoundary.charAt(text, scanned);
        if (TokenBoundary.isAsciiDigit(next) || next == '.' || TokenBoundary.isWordChar(next)) {
            return false; // the run goes on: longer than any address, or glued to a word
        }
        if ((next == '-' || next == '+') && TokenBoundary.isAsciiAlnum(TokenBoundary.charAt(text, scanned + 1))) {
            return false; // 1.2.3.4-beta, 1.2.3.4+build
        }
        return Ipv4Validator.isValid(text, start, end) && !NOT_AN_ADDRESS_CUES.precede(text, start);
    }

    private void findV6(String text, List<PiiSpan> spans) {
        int n = text.length();
        int from = 0;
        for (int colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', from)) {
            int start = colon;
            while (start > 0 && isV6Char(text.charAt(start - 1)) && colon - start <= MAX_V6) {
                start--;
            }
            int end = colon + 1;
            while (end < n && isV6Char(text.charAt(end)) && end - start <= MAX_V6) {
                end++;
            }
            from = end;
            boolean bounded = !isV6Char(TokenBoundary.charAt(text, start - 1)) && TokenBoundary.wordStartsAt(text, start)
                    && !isV6Char(TokenBoundary.charAt(text, end)) && TokenBoundary.wordEndsAt(text, end);
            while (end > start && text.charAt(end - 1) == '.') {
                end--;
            }
            if (bounded && end - start <= MAX_V6 && hasHexDigit(text, start, end)
                    && Ipv6Validator.isValid(text.substring(start, end))) {
                spans.add(new PiiSpan(type(), start, end));
            }
        }
    }

    private static boolean isV6Char(char c) {
        return TokenBoundary.isHexDigit(c) || c == ':' || c == '.';
    }

    private static boolean hasHexDigit(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (TokenBoundary.isHexDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
