package com.sparkcontrol.security;

import com.sparkcontrol.config.SparkControlProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The inference API keys of {@code spark-control.api-keys}, separate from the admin password. Only their SHA-256
 * digests are kept, and a candidate is compared with every one of them in constant time.
 */
@Component
public class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final List<byte[]> digests;

    ApiKeys(SparkControlProperties properties) {
        this.digests = properties.apiKeys().stream().filter(k -> k != null && !k.isBlank()).map(String::strip).map(ApiKeys::digest).toList();
        if (digests.isEmpty()) {
            log.info("No API keys are set: /v1, /redact/v1 and /api/audio are open to everyone on the network");
        } else {
            log.info("{} API key(s) set: /v1, /redact/v1 and /api/audio need Authorization: Bearer <key>", digests.size());
        }
    }

    /** Whether keys are required at all. */
    public boolean enabled() {
        return !digests.isEmpty();
    }

    boolean accepts(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return false;
        }
        byte[] presented = digest(candidate);
        boolean match = false;
        for (byte[] known : digests) {
            match |= MessageDigest.isEqual(known, presented);
        }
        return match;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
