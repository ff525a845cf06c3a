package com.sparkcontrol.web;

import com.sparkcontrol.config.SparkControlProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The {@code links} part of {@code /api/status}: where the dashboard's deep links point (Open WebUI, when configured). */
@Component
class LinksStatus implements StatusContributor {

    private final SparkControlProperties properties;

    LinksStatus(SparkControlProperties properties) {
        this.properties = properties;
    }

    @Override
    public String key() {
        return "links";
    }

    @Override
    public Object snapshot() {
        Map<String, Object> links = new LinkedHashMap<>();
        String openWebui = properties.openWebui() == null ? null : properties.openWebui().url();
        links.put("openWebui", openWebui == null || openWebui.isBlank() ? null : openWebui.strip());
        return links;
    }
}
