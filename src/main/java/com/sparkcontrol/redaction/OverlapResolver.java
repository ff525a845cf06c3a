package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns overlapping detections into one span covering all of them, so no part of either leaks. The merged
 * span takes the type of the strongest member: a secret beats anything, otherwise the longest span wins and
 * ties go to the higher {@link EntityType#rank()}. A URL that carries an API key becomes one API_KEY; an
 * email inside a URL becomes part of the URL.
 */
final class OverlapResolver {

    private static final Comparator<PiiSpan> STRENGTH = Comparator
            .comparing((PiiSpan s) -> s.type().isSecret())
            .thenComparingInt(PiiSpan::length)
            .thenComparingInt(s -> s.type().rank());

    private OverlapResolver() {
    }

    /** Disjoint spans in text order. */
    static List<PiiSpan> resolve(List<PiiSpan> spans) {
        if (spans.size() < 2) {
            return spans;
        }
        List<PiiSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(PiiSpan::start).thenComparingInt(PiiSpan::end));
        List<PiiSpan> out = new ArrayList<>(sorted.size());
        PiiSpan strongest = sorted.get(0);
        int start = strongest.start();
        int end = strongest.end();
        for (int i = 1; i < sorted.size(); i++) {
            PiiSpan next = sorted.get(i);
            if (next.start() < end) {
                end = Math.max(end, next.end());
                if (STRENGTH.compare(next, strongest) > 0) {
                    strongest = next;
                }
            } else {
                out.add(new PiiSpan(strongest.type(), start, end));
                strongest = next;
                start = next.start();
                end = next.end();
            }
        }
        out.add(new PiiSpan(strongest.type(), start, end));
        return out;
    }
}
