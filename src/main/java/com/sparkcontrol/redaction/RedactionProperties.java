package com.sparkcontrol.redaction;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code spark-control.redaction.*}: which entity types are redacted, the allow and deny lists, and where
 * the redaction gateway forwards scrubbed requests.
 *
 * @param enabledTypes entity types to detect; default every built-in type
 * @param allowList    values never redacted (exact match, case-insensitive), e.g. a support address
 * @param denyList     terms always redacted, as {@code DENY_LIST} (whole words, case-insensitive)
 * @param upstreamUrl  the OpenAI-compatible base URL scrubbed requests go to; default (null) the local vLLM
 * @param upstreamKey  the bearer key for that upstream, if it needs one; never logged
 * @param maxBodySize  the largest request body the redaction gateway and {@code POST /api/redact} accept; default
 *                     16MB (scrubbing runs at about 40 MB/s, so this bounds one request's scrub to well under a second)
 */
@ConfigurationProperties("spark-control.redaction")
public record RedactionProperties(
        Set<EntityType> enabledTypes,
        List<String> allowList,
        List<String> denyList,
        String upstreamUrl,
        String upstreamKey,
        DataSize maxBodySize) {

    static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofMegabytes(16);

    public RedactionProperties {
        enabledTypes = enabledTypes == null ? DetectorCatalog.DETECTABLE : Set.copyOf(enabledTypes);
        allowList = allowList == null ? List.of() : List.copyOf(allowList);
        denyList = denyList == null ? List.of() : List.copyOf(denyList);
        upstreamUrl = upstreamUrl == null || upstreamUrl.isBlank() ? null : checkedBaseUrl(upstreamUrl.strip());
        upstreamKey = upstreamKey == null || upstreamKey.isBlank() ? null : upstreamKey.strip();
        maxBodySize = maxBodySize == null ? DEFAULT_MAX_BODY_SIZE : maxBodySize;
        if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("spark-control.redaction.max-body-size must be between 1B and 2GB, not " + maxBodySize);
        }
    }

    /** Every type on, no lists, the local upstream. */
    public static RedactionProperties defaults() {
        return new RedactionProperties(null, null, null, null, null, null);
    }

    /** An http(s) base URL without a trailing slash; anything else stops start-up, naming the key but not the value. */
    private static String checkedBaseUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spark-control.redaction.upstream-url is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("spark-control.redaction.upstream-url must be an http(s) base URL such as "
                    + "https://api.example.com/v1 (no query, fragment or user info; the value is not shown, it may hold a secret)");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "RedactionProperties[enabledTypes=" + new TreeSet<>(enabledTypes)
                + ", allowList=" + allowList.size() + " entries, denyList=" + denyList.size() + " entries, upstreamUrl="
                + upstreamUrl + ", upstreamKey=" + (upstreamKey == null ? "unset" : "****") + ", maxBodySize=" + maxBodySize + "]";
    }
}
