package com.sparkcontrol.health;

import com.sparkcontrol.ssh.InvalidArgumentException;
import java.util.regex.Pattern;

/**
 * A failure an app saw between polls ({@code POST /api/health-event}). {@link #validated()} checks it before
 * anything is recorded: source and service are required, everything is bounded and printable.
 */
record HealthEvent(String source, String service, String detail) {

    static final int MAX_SOURCE = 100;
    static final int MAX_SERVICE = 64;
    static final int MAX_DETAIL = 500;
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");
    /** Control characters, and invisible format characters (bidi overrides, zero-width) that could disguise text. */
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Cn}]");

    HealthEvent validated() {
        String s = required("source", source, MAX_SOURCE);
        String svc = required("service", service, MAX_SERVICE);
        if (!SERVICE.matcher(svc).matches()) {
            throw new InvalidArgumentException("service", "must be letters, digits and . _ : / - (e.g. llm, stt, tts, spark2)");
        }
        String d = null;
        if (detail != null && !detail.isBlank()) {
            // line breaks and tabs in a stack trace are fine; they are stored as spaces
            d = printable("detail", detail.replaceAll("[\\r\\n\\t]+", " ").strip(), MAX_DETAIL);
        }
        return new HealthEvent(s, svc, d);
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidArgumentException(field, "is required");
        }
        return printable(field, value.strip(), max);
    }

    private static String printable(String field, String value, int max) {
        if (value.codePointCount(0, value.length()) > max) {
            throw new InvalidArgumentException(field, "is longer than " + max + " characters");
        }
        if (UNPRINTABLE.matcher(value).find()) {
            throw new InvalidArgumentException(field, "contains control or invisible characters");
        }
        return value;
    }
}
