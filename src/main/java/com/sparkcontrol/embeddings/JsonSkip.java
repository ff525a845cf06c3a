package com.sparkcontrol.embeddings;

/**
 * Jumps over JSON values in UTF-8 bytes without tokenizing them: only brackets, braces and strings (with their
 * escapes) are looked at. Safe on UTF-8 because no byte of a multi-byte character is a quote, a backslash or a
 * bracket. It checks structure only, not that numbers or literals are well formed: it is for skipping a part
 * already known to be of no interest, such as the vectors after the first in an embeddings answer (Jackson has
 * no skip that does not tokenize every number).
 */
final class JsonSkip {

    /** The bytes that matter here; one table lookup per byte keeps the scan of digits and commas cheap. */
    private static final boolean[] STRUCTURAL = new boolean[256];

    static {
        for (char c : new char[] {'"', '[', ']', '{', '}'}) {
            STRUCTURAL[c] = true;
        }
    }

    private JsonSkip() {}

    /**
     * Index just past the {@code ]} that closes the array {@code from} is inside of, {@code depth} levels of
     * brackets and braces up (1: directly in the array); -1 when the bytes end first.
     */
    static int endOfArray(byte[] json, int from, int depth) {
        for (int i = from; i < json.length; i++) {
            byte b = json[i];
            if (!STRUCTURAL[b & 0xff]) {
                continue;
            }
            if (b == '"') {
                i = endOfString(json, i + 1);
                if (i < 0) {
                    return -1;
                }
            } else if (b == '[' || b == '{') {
                depth++;
            } else if (b == ']' || b == '}') {
                if (--depth == 0) {
                    return b == ']' ? i + 1 : -1;
                }
            }
        }
        return -1;
    }

    /** The first index at or after {@code from} that is not JSON whitespace. */
    static int whitespace(byte[] json, int from) {
        int i = from;
        while (i < json.length && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** Index of the quote that closes the string whose content starts at {@code from}; -1 when unclosed. */
    private static int endOfString(byte[] json, int from) {
        for (int i = from; i < json.length; i++) {
            if (json[i] == '\\') {
                i++;
            } else if (json[i] == '"') {
                return i;
            }
        }
        return -1;
    }
}
