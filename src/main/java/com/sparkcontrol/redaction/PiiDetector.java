package com.sparkcontrol.redaction;

import java.util.List;

/**
 * Finds one kind of PII in a text. Implementations must run in time linear in the text's length
 * (hand-written scanners with bounded look-around, no backtracking regex) and return spans in any order.
 */
public interface PiiDetector {

    /** The entity type every span from this detector carries. */
    EntityType type();

    /** Every occurrence in {@code text}; an empty list when there is none. */
    List<PiiSpan> detect(String text);
}
