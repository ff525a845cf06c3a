package com.sparkcontrol.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * Imports {@code <data-dir>/config.yaml} (written by the StartOS "Configure Sparks" action) as
 * {@code spark-control.*} properties. Environment variables and command-line arguments still win over it;
 * it wins over the packaged defaults. Empty values mean "not set".
 */
public class ConfigYamlImport implements EnvironmentPostProcessor, Ordered {

    public static final String SOURCE_NAME = "sparkControlConfigYaml";
    private static final String PREFIX = "spark-control.";

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path file = Path.of(environment.getProperty(PREFIX + "data-dir", "./data")).resolve("config.yaml");
        if (!Files.isRegularFile(file)) {
            return;
        }
        Map<String, Object> imported = new LinkedHashMap<>();
        try {
            List<PropertySource<?>> documents = new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file));
            for (PropertySource<?> document : documents) {
                if (document.getSource() instanceof Map<?, ?> map) {
                    map.forEach((key, value) -> {
                        String text = String.valueOf(value);
                        if (!text.isBlank()) {
                            String name = key.toString();
                            imported.put(name.startsWith(PREFIX) ? name : PREFIX + name, value);
                        }
                    });
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigurationException(file.toString(), "cannot be read as YAML: " + e.getMessage());
        }
        OriginTrackedMapPropertySource source = new OriginTrackedMapPropertySource(SOURCE_NAME + " [" + file + "]", imported);
        var sources = environment.getPropertySources();
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        } else {
            sources.addLast(source);
        }
    }
}
