package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.List;

/**
 * The redaction state of one request: the placeholder map shared by every text the request carries
 * (messages, tool-call arguments, {@code input} items) and the per-type counts. Use one per request and
 * from one thread at a time.
 */
public final class RedactionSession {

    private final Redactor redactor;
    private final PlaceholderTable table = new PlaceholderTable();
    private final RedactionStats stats = new RedactionStats();

    RedactionSession(Redactor redactor) {
        this.redactor = redactor;
    }

    /** {@code text} with its PII replaced by placeholders; the very same String when there is none. */
    public String redact(String text) {
        return redactWithEntities(text).text();
    }

    /** As {@link #redact(String)}, also listing what was replaced (offsets in the redacted text). */
    public RedactionResult redactWithEntities(String text) {
        table.reserveLiterals(text);
        List<PiiSpan> spans = redactor.analyze(text);
        if (spans.isEmpty()) {
            return new RedactionResult(text, List.of());
        }
        StringBuilder out = new StringBuilder(text.length() + 16 * spans.size());
        List<RedactedEntity> entities = new ArrayList<>(spans.size());
        int copied = 0;
        for (PiiSpan span : spans) {
            out.append(text, copied, span.start());
            String placeholder = table.placeholderFor(span.type(), text.substring(span.start(), span.end()));
            entities.add(new RedactedEntity(span.type(), out.length(), out.length() + placeholder.length(), placeholder));
            out.append(placeholder);
            stats.count(span.type());
            copied = span.end();
        }
        return new RedactionResult(out.append(text, copied, text.length()).toString(), entities);
    }

    /**
     * Marks placeholder-shaped tokens already present in the request (e.g. in its raw body) so that none of
     * them is assigned; call before redacting the request's first text.
     */
    public void reserveLiteralPlaceholders(String requestText) {
        table.reserveLiterals(requestText);
    }

    /** {@code text} with this session's placeholders replaced by the original values. */
    public String restore(String text) {
        return table.restore(text, false);
    }

    /** The original value behind a placeholder of this session, or null. */
    public String valueOf(String placeholder) {
        return table.valueOf(placeholder);
    }

    /** True when nothing was redacted, so a response needs no restoring. */
    public boolean hasNoPlaceholders() {
        return table.isEmpty();
    }

    public RedactionStats stats() {
        return stats;
    }

    PlaceholderTable table() {
        return table;
    }
}
