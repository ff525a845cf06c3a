package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * An operator's deny list: exact terms that are always redacted, matched case-insensitively and as whole
 * words (a term that starts or ends with a letter or digit does not match inside a longer word).
 */
final class DenyListDetector implements PiiDetector {

    private final List<String> terms;

    DenyListDetector(Collection<String> terms) {
        this.terms = terms.stream().filter(t -> t != null && !t.isBlank()).map(t -> TokenBoundary.lowerCase(t.strip())).distinct().toList();
    }

    boolean isEmpty() {
        return terms.isEmpty();
    }

    @Override
    public EntityType type() {
        return EntityType.DENY_LIST;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        if (terms.isEmpty()) {
            return List.of();
        }
        String lower = TokenBoundary.lowerCase(text);
        List<PiiSpan> spans = new ArrayList<>();
        for (String term : terms) {
            int from = 0;
            for (int at = lower.indexOf(term, from); at >= 0; at = lower.indexOf(term, from)) {
                int end = at + term.length();
                boolean startOk = !TokenBoundary.isWordChar(term.charAt(0)) || TokenBoundary.wordStartsAt(lower, at);
                boolean endOk = !TokenBoundary.isWordChar(term.charAt(term.length() - 1)) || TokenBoundary.wordEndsAt(lower, end);
                if (startOk && endOk) {
                    spans.add(new PiiSpan(type(), at, end));
                    from = end;
                } else {
                    from = at + 1;
                }
            }
        }
        return spans;
    }
}
