package com.sparkcontrol.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The configured redaction engine: which detectors run, plus the allow and deny lists. Thread-safe and
 * shared; each request gets its own {@link RedactionSession} from {@link #newSession()}.
 */
public final class Redactor {

    private final List<PiiDetector> detectors;
    private final Set<String> allowList;

    /**
     * @param detectors the detectors to run
     * @param allowList values never redacted (exact, case-insensitive); wins over the deny list
     * @param denyList  terms always redacted as {@link EntityType#DENY_LIST}
     */
    public Redactor(List<PiiDetector> detectors, Collection<String> allowList, Collection<String> denyList) {
        List<PiiDetector> all = new ArrayList<>(detectors);
        DenyListDetector deny = new DenyListDetector(denyList);
        if (!deny.isEmpty()) {
            all.add(deny);
        }
        this.detectors = List.copyOf(all);
        this.allowList = allowList.stream().filter(a -> a != null && !a.isBlank())
                .map(a -> TokenBoundary.lowerCase(a.strip())).collect(Collectors.toUnmodifiableSet());
    }

    /** Every built-in detector, no allow or deny list. */
    public static Redactor withAllDetectors() {
        return new Redactor(DetectorCatalog.detectorsFor(DetectorCatalog.DETECTABLE), List.of(), List.of());
    }

    /** The engine the properties describe. */
    public static Redactor from(RedactionProperties properties) {
        return new Redactor(DetectorCatalog.detectorsFor(properties.enabledTypes()), properties.allowList(),
                properties.denyList());
    }

    public RedactionSession newSession() {
        return new RedactionSession(this);
    }

    /**
     * The PII in {@code text} after allow list and overlap resolution: disjoint spans in text order, offsets
     * in {@code text}. Any detector failure becomes a {@link RedactionFailedException}.
     */
    public List<PiiSpan> analyze(String text) {
        List<PiiSpan> found = new ArrayList<>();
        for (PiiDetector detector : detectors) {
            try {
                for (PiiSpan span : detector.detect(text)) {
                    if (span.end() > text.length()) {
                        throw new IllegalStateException("span beyond the end of the text");
                    }
                    if (!allowList.contains(TokenBoundary.lowerCase(text.substring(span.start(), span.end())))) {
                        found.add(span);
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                throw RedactionFailedException.detectorFailed(detector, e);
            }
        }
        return OverlapResolver.resolve(found);
    }
}
