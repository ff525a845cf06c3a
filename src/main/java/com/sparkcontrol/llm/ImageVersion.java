package com.sparkcontrol.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sparkcontrol.ssh.CommandResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The vLLM version of the cluster image, read from {@code /workspace/build-metadata.yaml} (the running container's,
 * else the default {@code vllm-node} image's). Read on demand and after an update; the dashboard shows the cached value.
 */
@Component
class ImageVersion {

    static final String DEFAULT_IMAGE = "vllm-node";

    private final LauncherShell launcher;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private volatile Map<String, Object> cached;

    ImageVersion(LauncherShell launcher) {
        this.launcher = launcher;
    }

    Optional<Map<String, Object>> cached() {
        return Optional.ofNullable(cached);
    }

    /** Reads the metadata over SSH now; throws {@code SparkException} when the head cannot be reached. */
    Map<String, Object> refresh() {
        String source = "container " + LauncherCommands.CONTAINER;
        CommandResult result = launcher.buildMetadataFromContainer();
        if (!result.succeeded()) {
            source = "image " + DEFAULT_IMAGE;
            result = launcher.buildMetadataFromImage();
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("source", source);
        info.put("checkedAt", Instant.now().toString());
        if (!result.succeeded()) {
            info.put("vllmVersion", null);
            info.put("error", "no build-metadata.yaml: " + result.lastErrorLine());
        } else {
            Map<String, Object> metadata = parse(result.stdout());
            info.put("vllmVersion", metadata.get("vllm_version"));
            info.put("vllmCommit", metadata.get("vllm_commit"));
            info.put("buildDate", metadata.get("build_date"));
            info.put("metadata", metadata);
        }
        cached = info;
        return info;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String text) {
        try {
            Object parsed = yaml.readValue(text, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                Map<String, Object> metadata = new LinkedHashMap<>();
                ((Map<Object, Object>) map).forEach((k, v) -> metadata.put(String.valueOf(k), v));
                if (!metadata.containsKey("vllm_version")) {
                    metadata.entrySet().stream().filter(e -> e.getKey().toLowerCase().contains("vllm") && e.getKey().toLowerCase().contains("version"))
                            .findFirst().ifPresent(e -> metadata.put("vllm_version", e.getValue()));
                }
                return metadata;
            }
        } catch (Exception e) {
            // fall through: shown as unreadable below
        }
        return Map.of("unreadable", text.length() > 200 ? text.substring(0, 200) : text);
    }
}
