package com.sparkcontrol.redaction;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code spark-control.redaction.*}: which entity types are redacted, the allow and deny lists, and where
 * the redaction gateway forwards scrubbed requests.
 *
 * @param enabledTypes entity types to detect; default every built-in type
 * @param allowList    values never redacted (exact match, case-insensitive), e.g. a support address
 * @param denyList     terms always redacted, as {@code DENY_LIST} (whole words, case-insensitive)
 * @param upstreamUrl  the OpenAI-compatible base URL scrubbed requests go to; default (null) the local vLLM
 * @param upstreamKey  the bearer key for that upstream, if it needs one; never logged
 */
@ConfigurationProperties("spark-control.redaction")
public record RedactionProperties(
        Set<EntityType> enabledTypes,
        List<String> allowList,
        List<String> denyList,
        String upstreamUrl,
        String upstreamKey) {

    public RedactionProperties {
        enabledTypes = enabledTypes == null ? DetectorCatalog.DETECTABLE : Set.copyOf(enabledTypes);
        allowList = allowList == null ? List.of() : List.copyOf(allowList);
        denyList = denyList == null ? List.of() : List.copyOf(denyList);
    }

    /** Every type on, no lists, the local upstream. */
    public static RedactionProperties defaults() {
        return new RedactionProperties(null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "RedactionProperties[enabledTypes=" + new TreeSet<>(enabledTypes)
                + ", allowList=" + allowList.size() + " entries, denyList=" + denyList.size() + " entries, upstreamUrl="
                + upstreamUrl + ", upstreamKey=" + (upstreamKey == null ? "unset" : "****") + "]";
    }
}
