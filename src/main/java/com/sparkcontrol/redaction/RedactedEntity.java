package com.sparkcontrol.redaction;

/**
 * One redacted entity as the API reports it. {@code start} and {@code end} are UTF-16 offsets into the
 * <em>redacted</em> text (as Presidio's anonymizer reports them), so
 * {@code redactedText.substring(start, end).equals(placeholder)} always holds and no original value is
 * needed to interpret them.
 */
public record RedactedEntity(EntityType type, int start, int end, String placeholder) {
}
