package com.sparkcontrol.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.health.SparkReading.Container;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Containers from {@code docker ps -a --format '{{json .}}'}: one JSON object per line; other lines are skipped. */
final class DockerPsParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CONTAINERS = 500;

    private DockerPsParser() {}

    static List<Container> parse(List<String> lines) {
        List<Container> containers = new ArrayList<>();
        for (String line : lines) {
            String text = line.strip();
            if (!text.startsWith("{") || containers.size() >= MAX_CONTAINERS) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(text);
                String name = text(node, "Names");
                if (name != null) {
                    containers.add(new Container(name, text(node, "Image"), state(node), text(node, "Status")));
                }
            } catch (Exception e) {
                // a line that is not one container's JSON: ignore it, keep the others
            }
        }
        containers.sort(Comparator.comparing(Container::name));
        return List.copyOf(containers);
    }

    /** Older docker versions have no {@code State} field; its status text ("Up 3 hours", "Exited (0) …") still says it. */
    private static String state(JsonNode node) {
        String state = text(node, "State");
        if (state != null) {
            return state.toLowerCase();
        }
        String status = text(node, "Status");
        if (status == null) {
            return null;
        }
        if (status.startsWith("Up")) {
            return status.contains("Paused") ? "paused" : "running";
        }
        if (status.startsWith("Exited")) {
            return "exited";
        }
        if (status.startsWith("Created")) {
            return "created";
        }
        if (status.startsWith("Restarting")) {
            return "restarting";
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            return null;
        }
        String text = value.asText().strip();
        return text.length() > 300 ? text.substring(0, 300) : text;
    }
}
