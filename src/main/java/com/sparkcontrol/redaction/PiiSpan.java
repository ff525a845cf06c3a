package com.sparkcontrol.redaction;

/** One detection: {@code text.substring(start, end)} is PII of {@code type} (offsets in the original text). */
public record PiiSpan(EntityType type, int start, int end) {

    public PiiSpan {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("empty or negative span " + start + ".." + end);
        }
    }

    int length() {
        return end - start;
    }
}
