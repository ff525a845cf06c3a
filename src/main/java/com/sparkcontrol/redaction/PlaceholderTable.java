package com.sparkcontrol.redaction;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The two-way map of one request between PII values and their {@code <TYPE_N>} placeholders. The same
 * value always gets the same placeholder; numbers already written literally in the request (a user quoting
 * "&lt;EMAIL_ADDRESS_1&gt;") are skipped, so restoring never turns the user's own text into someone's PII.
 * Not thread-safe: one request uses it at a time.
 */
final class PlaceholderTable {

    /** A placeholder is at most this long: '<', the longest type name, '_', up to ten digits, '>'. */
    static final int MAX_LENGTH = 2 + longestTypeName() + 1 + 10;

    private final Map<String, String> placeholderByValue = new HashMap<>();
    private final Map<String, String> valueByPlaceholder = new HashMap<>();
    private final NavigableSet<String> placeholders = new TreeSet<>();
    private final Map<EntityType, Integer> lastNumber = new EnumMap<>(EntityType.class);
    private final Set<String> reserved = new HashSet<>();

    /** The placeholder for {@code value}, assigning the next free number of {@code type} on first sight. */
    String placeholderFor(EntityType type, String value) {
        String existing = placeholderByValue.get(value);
        if (existing != null) {
            return existing;
        }
        String placeholder;
        int number = lastNumber.getOrDefault(type, 0);
        do {
            number++;
            placeholder = "<" + type.name() + "_" + number + ">";
        } while (reserved.contains(placeholder));
        lastNumber.put(type, number);
        placeholderByValue.put(value, placeholder);
        valueByPlaceholder.put(placeholder, value);
        placeholders.add(placeholder);
        return placeholder;
    }

    /** Marks every placeholder-shaped token written literally in {@code text} as not to be assigned. */
    void reserveLiterals(String text) {
        for (int lt = text.indexOf('<'); lt >= 0; lt = text.indexOf('<', lt + 1)) {
            int gt = placeholderEnd(text, lt);
            if (gt > 0) {
                reserved.add(text.substring(lt, gt));
            }
        }
    }

    /** The original value of a placeholder this table assigned, or null. */
    String valueOf(String placeholder) {
        return valueByPlaceholder.get(placeholder);
    }

    /**
     * {@code text} with every placeholder of this table replaced by its value; the same instance when there
     * is none. With {@code jsonEscaped} the value is escaped for use inside a JSON string literal, which is
     * what a placeholder inside tool-call arguments (JSON text in a string) needs.
     */
    String restore(String text, boolean jsonEscaped) {
        if (placeholders.isEmpty()) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        for (int lt = text.indexOf('<'); lt >= 0; lt = text.indexOf('<', lt + 1)) {
            int gt = placeholderEnd(text, lt);
            String value = gt < 0 ? null : valueByPlaceholder.get(text.substring(lt, gt));
            if (value != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 32);
                }
                out.append(text, copied, lt);
                if (jsonEscaped) {
                    out.append(JsonStringEncoder.getInstance().quoteAsString(value));
                } else {
                    out.append(value);
                }
                copied = gt;
                lt = gt - 1;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    boolean isEmpty() {
        return placeholders.isEmpty();
    }

    /** True when {@code text} is a proper prefix of one of this table's placeholders (a placeholder cut short). */
    boolean isPlaceholderPrefix(String text) {
        String next = placeholders.ceiling(text);
        return next != null && next.length() > text.length() && next.startsWith(text);
    }

    /**
     * If {@code text[lt]} starts a token shaped like a placeholder ("&lt;UPPER_CASE_123&gt;"), the index
     * just past its '&gt;'; otherwise -1. Looks at most {@link #MAX_LENGTH} characters ahead.
     */
    static int placeholderEnd(String text, int lt) {
        int i = lt + 1;
        int limit = Math.min(text.length(), lt + MAX_LENGTH);
        int letters = 0;
        while (i < limit && (isUpper(text.charAt(i)) || text.charAt(i) == '_')) {
            letters++;
            i++;
        }
        if (letters < 2 || text.charAt(i - 1) != '_') {
            return -1;
        }
        int digits = 0;
        while (i < limit && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            digits++;
            i++;
        }
        return digits > 0 && i < limit && text.charAt(i) == '>' ? i + 1 : -1;
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static int longestTypeName() {
        int longest = 0;
        for (EntityType type : EntityType.values()) {
            longest = Math.max(longest, type.name().length());
        }
        return longest;
    }
}
