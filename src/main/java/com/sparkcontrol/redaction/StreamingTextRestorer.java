package com.sparkcontrol.redaction;

/**
 * Restores placeholders in text that arrives in fragments (one delta field of one choice), releasing each
 * fragment at once except for a trailing piece that could still grow into one of the session's placeholders
 * ("&lt;EMAIL_" waiting for "ADDRESS_1&gt;"). At most one placeholder's length is ever held back.
 */
final class StreamingTextRestorer {

    private final PlaceholderTable table;
    private final boolean jsonEscaped;
    private String held = "";

    /** {@code jsonEscaped}: the text is JSON source (tool-call arguments), so values are inserted escaped. */
    StreamingTextRestorer(PlaceholderTable table, boolean jsonEscaped) {
        this.table = table;
        this.jsonEscaped = jsonEscaped;
    }

    /** The restored text that can be released now. */
    String push(String fragment) {
        String text = held.isEmpty() ? fragment : held + fragment;
        int cut = text.length();
        int lt = text.lastIndexOf('<');
        if (lt >= 0 && text.length() - lt < PlaceholderTable.MAX_LENGTH && table.isPlaceholderPrefix(text.substring(lt))) {
            cut = lt;
        }
        held = text.substring(cut);
        return table.restore(cut == text.length() ? text : text.substring(0, cut), jsonEscaped);
    }

    /** The piece held back, released as it is: the stream ended before it became a placeholder. */
    String flush() {
        String rest = held;
        held = "";
        return rest;
    }

    /** The piece held back so far. */
    String held() {
        return held;
    }

    boolean isHolding() {
        return !held.isEmpty();
    }
}
