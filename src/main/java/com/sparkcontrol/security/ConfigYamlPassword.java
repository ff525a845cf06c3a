package com.sparkcontrol.security;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sparkcontrol.config.ConfigYamlImport;
import com.sparkcontrol.config.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * Saves the admin password's hash as {@code admin-password} in {@code <data>/config.yaml}, the file the StartOS
 * actions write and start-up imports: read, change that one key, write back atomically (mode 0600), every other key kept.
 */
@Component
class ConfigYamlPassword {

    static final String FILE = "config.yaml";
    static final String KEY = "admin-password";
    private static final String PROPERTY = "spark-control." + KEY;
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String ATTACHED = "configurationProperties";

    private final DataDirectory dataDirectory;
    private final ConfigurableEnvironment environment;

    ConfigYamlPassword(DataDirectory dataDirectory, ConfigurableEnvironment environment) {
        this.dataDirectory = dataDirectory;
        this.environment = environment;
    }

    SavedPassword save(String hash) {
        Map<String, Object> config = dataDirectory.read(FILE, bytes -> YAML.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() {}))
                .orElseGet(LinkedHashMap::new);
        Object before = config.remove(PROPERTY);
        if (config.get("spark-control") instanceof Map<?, ?> nested) {
            before = before != null ? before : nested.remove(KEY);
        }
        before = config.containsKey(KEY) ? config.get(KEY) : before;
        config.put(KEY, hash);
        byte[] content;
        try {
            content = YAML.writeValueAsBytes(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dataDirectory.writeAtomically(dataDirectory.resolve(FILE), content, DataDirectory.OWNER_ONLY_FILE);
        return new SavedPassword(dataDirectory.resolve(FILE), before == null || String.valueOf(before).isBlank(), overridingSource());
    }

    /** The first source that sets the password ahead of config.yaml (environment, command line, test properties…). */
    private String overridingSource() {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source.getName().equals(ATTACHED)) {
                continue; // Boot's view over all the other sources, not a source of its own
            }
            if (source.getName().startsWith(ConfigYamlImport.SOURCE_NAME)) {
                return null;
            }
            Object value = source.getProperty(PROPERTY);
            if (value != null && !String.valueOf(value).isBlank()) {
                return source.getName();
            }
        }
        return null;
    }
}
