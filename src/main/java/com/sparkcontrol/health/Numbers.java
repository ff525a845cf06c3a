package com.sparkcontrol.health;

/** Lenient number reading for tool output: anything that is not a plain finite number is unknown (null). */
final class Numbers {

    private Numbers() {}

    static Long wholeNumber(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A decimal such as {@code 35.12}; {@code [N/A]}, {@code [Not Supported]}, {@code NaN}, blanks and units are unknown. */
    static Double decimal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.isEmpty() || s.length() > 40 || !s.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
            return null;
        }
        double value = Double.parseDouble(s);
        return Double.isFinite(value) ? value : null;
    }
}
