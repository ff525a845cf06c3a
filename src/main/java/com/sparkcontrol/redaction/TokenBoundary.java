package com.sparkcontrol.redaction;

/**
 * Character classes the detectors share to decide where a token starts and ends. CJK and kana do not count
 * as word characters, because Japanese and Chinese text puts PII right next to them without spaces.
 */
final class TokenBoundary {

    private TokenBoundary() {
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiAlnum(char c) {
        return isAsciiDigit(c) || isAsciiLetter(c);
    }

    static boolean isHexDigit(char c) {
        return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Letters and digits of space-separated scripts, and '_'. */
    static boolean isWordChar(char c) {
        if (c < 0x80) {
            return isAsciiAlnum(c) || c == '_';
        }
        return c < 0x2E80 && Character.isLetterOrDigit(c);
    }

    /** True when position {@code i} is preceded by the text start or a non-word character. */
    static boolean wordStartsAt(String text, int i) {
        return i == 0 || !isWordChar(text.charAt(i - 1));
    }

    /** True when position {@code end} is the text end or a non-word character. */
    static boolean wordEndsAt(String text, int end) {
        return end >= text.length() || !isWordChar(text.charAt(end));
    }

    /**
     * True when a digit group at {@code i} follows another digit group and a space ("DE20 0845 5799 …"): it
     * is the middle of a longer grouped number, not the start of a card or phone number.
     */
    static boolean followsDigitGroup(String text, int i) {
        return charAt(text, i - 1) == ' ' && isAsciiDigit(charAt(text, i - 2));
    }

    /** Lower case char by char, so that offsets in the result are offsets in the original. */
    static String lowerCase(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    /** The character at {@code i}, or 0 outside the text. */
    static char charAt(String text, int i) {
        return i >= 0 && i < text.length() ? text.charAt(i) : 0;
    }
}
