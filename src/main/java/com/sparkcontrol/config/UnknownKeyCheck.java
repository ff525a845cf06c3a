package com.sparkcontrol.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Refuses to start when a {@code spark-control.*} key (from any source: files, config.yaml, environment)
 * is not one the app declares, so a typo such as {@code spark1.hots} is named instead of silently ignored.
 * The declared keys come from the metadata the configuration processor writes at build time.
 */
public class UnknownKeyCheck implements EnvironmentPostProcessor, Ordered {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final String PREFIX = "spark-control.";

    private record Known(String normalized, boolean container) {}

    @Override
    public int getOrder() {
        return new ConfigYamlImport().getOrder() + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<Known> known = declaredKeys(application == null ? getClass().getClassLoader() : application.getClassLoader());
        if (known.isEmpty()) {
            return; // no metadata (e.g. an IDE build without annotation processing): nothing to check against
        }
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                String normalized = normalize(name);
                if (!normalized.startsWith("sparkcontrol") || isKnown(normalized, known)) {
                    continue;
                }
                throw new InvalidConfigurationException(name,
                        "unknown key (from " + source.getName() + "); see README.md for the keys Spark Control reads");
            }
        }
    }

    private static boolean isKnown(String normalized, List<Known> known) {
        for (Known k : known) {
            if (normalized.equals(k.normalized()) || (k.container() && normalized.startsWith(k.normalized()))) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, no separators, no list indices: {@code SPARK_CONTROL_NODES_0_SSH_PORT} ≡ {@code spark-control.nodes[0].ssh-port}. */
    static String normalize(String name) {
        StringBuilder out = new StringBuilder();
        for (String segment : name.toLowerCase(Locale.ROOT).split("[._\\[\\]]+")) {
            if (!segment.isEmpty() && !segment.chars().allMatch(Character::isDigit)) {
                out.append(segment.replace("-", ""));
            }
        }
        return out.toString();
    }

    private static List<Known> declaredKeys(ClassLoader classLoader) {
        List<Known> keys = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try {
            Enumeration<URL> resources = classLoader.getResources(METADATA);
            while (resources.hasMoreElements()) {
                try (InputStream in = resources.nextElement().openStream()) {
                    JsonNode properties = mapper.readTree(in).path("properties");
                    for (JsonNode property : properties) {
                        String name = property.path("name").asText();
                        if (name.startsWith(PREFIX)) {
                            String type = property.path("type").asText("");
                            boolean container = type.startsWith("java.util.List") || type.startsWith("java.util.Map")
                                    || type.startsWith("java.util.Set");
                            keys.add(new Known(normalize(name), container));
                        }
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return keys;
    }
}
