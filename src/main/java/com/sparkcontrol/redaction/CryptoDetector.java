package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Bitcoin addresses: legacy base58check ('1…', '3…') and segwit bech32/bech32m ("bc1…"), each accepted
 * only when its checksum verifies.
 */
final class CryptoDetector implements PiiDetector {

    private static final int MIN_BASE58 = 26;
    private static final int MAX_BASE58 = 35;
    private static final int MAX_BECH32 = 90;

    @Override
    public EntityType type() {
        return EntityType.CRYPTO;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean opens = (c == '1' || c == '3' || c == 'b' || c == 'B' || c == 't' || c == 'T')
                    && TokenBoundary.wordStartsAt(text, i);
            if (!opens) {
                i++;
                continue;
            }
            int tokenEnd = i;
            while (tokenEnd < n && TokenBoundary.isAsciiAlnum(text.charAt(tokenEnd)) && tokenEnd - i <= MAX_BECH32) {
                tokenEnd++;
            }
            if (mayBeAddress(text, i, tokenEnd) && TokenBoundary.wordEndsAt(text, tokenEnd)
                    && isAddress(text.substring(i, tokenEnd))) {
                spans.add(new PiiSpan(type(), i, tokenEnd));
            }
            i = Math.max(tokenEnd, i + 1);
        }
        return spans;
    }

    /** Length and prefix checks that rule out ordinary words before any allocation. */
    private static boolean mayBeAddress(String text, int start, int end) {
        int length = end - start;
        char first = text.charAt(start);
        if (first == '1' || first == '3') {
            return length >= MIN_BASE58 && length <= MAX_BASE58;
        }
        char second = Character.toLowerCase(text.charAt(start + 1 < end ? start + 1 : start));
        return length >= 14 && text.charAt(start + 2) == '1' && (second == 'c' || second == 'b');
    }

    private static boolean isAddress(String token) {
        char first = token.charAt(0);
        if (first == '1' || first == '3') {
            return token.length() >= MIN_BASE58 && token.length() <= MAX_BASE58 && allBase58(token)
                    && Base58CheckValidator.isValidAddress(token);
        }
        return token.length() >= 14 && token.charAt(2) == '1' && Bech32Validator.isValidAddress(token);
    }

    private static boolean allBase58(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (!Base58CheckValidator.isBase58Char(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
