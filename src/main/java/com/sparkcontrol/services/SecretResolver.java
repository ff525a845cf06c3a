package com.sparkcontrol.services;

import com.sparkcontrol.config.SparkControlProperties;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Resolves the secret references a service definition may hold: {@code ${ngc-api-key}} and
 * {@code ${hf-token}} (Spark Control's own settings) and {@code ${env:NAME}} (Spark Control's environment).
 * Definitions never hold a secret itself, so the files can be shared and the values never reach a log.
 */
@Component
public class SecretResolver {

    static final Pattern REFERENCE = Pattern.compile("\\$\\{(ngc-api-key|hf-token|env:[A-Z_][A-Z0-9_]{0,63})}");
    /** Anything that looks like a reference, so an unknown one is an error rather than literal text. */
    static final Pattern ANY_REFERENCE = Pattern.compile("\\$\\{[^}]*}?");

    private final Function<String, String> lookup;

    @Autowired
    public SecretResolver(SparkControlProperties properties) {
        this(name -> switch (name) {
            case "ngc-api-key" -> properties.ngcApiKey();
            case "hf-token" -> properties.hfToken();
            default -> System.getenv(name.substring("env:".length()));
        });
    }

    SecretResolver(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    static boolean hasReference(String value) {
        return value != null && REFERENCE.matcher(value).find();
    }

    /** The setting a reference names, for messages: {@code spark-control.ngc-api-key} or the variable. */
    static String settingOf(String reference) {
        return reference.startsWith("env:") ? "the environment variable " + reference.substring(4)
                : "spark-control." + reference;
    }

    /** The first reference in {@code value} whose secret is not set, if any. */
    Optional<String> firstMissing(String value) {
        Matcher m = REFERENCE.matcher(value);
        while (m.find()) {
            String secret = lookup.apply(m.group(1));
            if (secret == null || secret.isBlank()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** {@code value} with every reference replaced by its secret; call {@link #firstMissing} first. */
    String resolve(String value) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String secret = lookup.apply(m.group(1));
            if (secret == null || secret.isBlank()) {
                throw new IllegalStateException("secret " + m.group(1) + " is not set");
            }
            String stripped = secret.strip();
            if (stripped.indexOf('\n') >= 0 || stripped.indexOf('\r') >= 0 || stripped.indexOf('\0') >= 0) {
                throw new IllegalStateException(settingOf(m.group(1)) + " contains a line break, which no secret may");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(stripped));
        }
        m.appendTail(out);
        return out.toString();
    }
}
